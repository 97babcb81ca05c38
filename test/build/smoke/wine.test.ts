import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linuxPathOf, wineEnv } from '../../../build/smoke/wine.js';

test('a C: path maps into the prefix, a Z: path to the Linux root', () => {
  assert.equal(linuxPathOf('/p', 'C:\\users\\root\\AppData\\Roaming\\Distill\\cert.pem'), '/p/drive_c/users/root/AppData/Roaming/Distill/cert.pem');
  assert.equal(linuxPathOf('/p', 'Z:\\tmp\\x.txt'), '/tmp/x.txt');
  assert.throws(() => linuxPathOf('/p', '/already/linux'), /Not a Windows drive path/);
});

test('the Wine environment has the prefix, no display and none of the caller\'s Distill variables', () => {
  const env = wineEnv('/p', { PATH: '/bin', DISTILL_HOME: '/h', DISTILL_TOKEN: 't', DISPLAY: ':0' });
  assert.deepEqual(env, { PATH: '/bin', WINEPREFIX: '/p', WINEARCH: 'win64', WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' });
});
