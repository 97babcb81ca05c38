import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserCommand, shouldOpenBrowser } from '../../../src/server/open-browser.js';

test('the browser opens on a desktop, and never when told not to, under CI, or on Linux without a display', () => {
  assert.equal(shouldOpenBrowser({}, 'win32'), true);
  assert.equal(shouldOpenBrowser({}, 'darwin'), true);
  assert.equal(shouldOpenBrowser({ DISPLAY: ':0' }, 'linux'), true);
  assert.equal(shouldOpenBrowser({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux'), true);
  assert.equal(shouldOpenBrowser({}, 'linux'), false);
  assert.equal(shouldOpenBrowser({ DISTILL_NO_BROWSER: '1' }, 'win32'), false);
  assert.equal(shouldOpenBrowser({ DISTILL_NO_BROWSER: '0' }, 'win32'), true);
  assert.equal(shouldOpenBrowser({ CI: 'true' }, 'win32'), false);
  assert.equal(shouldOpenBrowser({ CI: 'false' }, 'win32'), true);
});

test('each platform opens the address with its own opener, without a shell (an & in the address stays literal)', () => {
  const url = 'https://127.0.0.1:8443/login?secret=abc&next=/app/';
  assert.deepEqual(browserCommand(url, 'win32'), ['rundll32', ['url.dll,FileProtocolHandler', url]]);
  assert.deepEqual(browserCommand(url, 'darwin'), ['open', [url]]);
  assert.deepEqual(browserCommand(url, 'linux'), ['xdg-open', [url]]);
});
