import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { userCacheDir, userDir, userFile } from '../../src/config/user-dirs.js';

const win = { platform: 'win32', homedir: 'C:\\Users\\ana' } as const;
const mac = { platform: 'darwin', homedir: '/Users/ana' } as const;
const linux = { platform: 'linux', homedir: '/home/ana' } as const;

test('Windows: %APPDATA%\\Distill for user files, %LOCALAPPDATA%\\Distill\\Cache for the cache', () => {
  const env = { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' };
  assert.equal(userDir({ ...win, env }), 'C:\\Users\\ana\\AppData\\Roaming\\Distill');
  assert.equal(userFile('token', { ...win, env }), 'C:\\Users\\ana\\AppData\\Roaming\\Distill\\token');
  assert.equal(userCacheDir({ ...win, env }), 'C:\\Users\\ana\\AppData\\Local\\Distill\\Cache');
});

test('Windows without APPDATA/LOCALAPPDATA falls back to the profile\'s AppData folders', () => {
  assert.equal(userDir({ ...win, env: {} }), 'C:\\Users\\ana\\AppData\\Roaming\\Distill');
  assert.equal(userCacheDir({ ...win, env: { LOCALAPPDATA: '' } }), 'C:\\Users\\ana\\AppData\\Local\\Distill\\Cache');
});

test('macOS: ~/Library/Application Support/Distill and ~/Library/Caches/Distill', () => {
  assert.equal(userDir({ ...mac, env: {} }), '/Users/ana/Library/Application Support/Distill');
  assert.equal(userFile('plugins', { ...mac, env: {} }), '/Users/ana/Library/Application Support/Distill/plugins');
  assert.equal(userCacheDir({ ...mac, env: {} }), '/Users/ana/Library/Caches/Distill');
});

test('Linux: $XDG_CONFIG_HOME/distill and $XDG_CACHE_HOME/distill, defaulting to ~/.config and ~/.cache', () => {
  assert.equal(userDir({ ...linux, env: { XDG_CONFIG_HOME: '/cfg' } }), '/cfg/distill');
  assert.equal(userCacheDir({ ...linux, env: { XDG_CACHE_HOME: '/cache' } }), '/cache/distill');
  assert.equal(userDir({ ...linux, env: {} }), '/home/ana/.config/distill');
  assert.equal(userCacheDir({ ...linux, env: {} }), '/home/ana/.cache/distill');
});

test('a relative XDG directory is ignored, as the XDG specification requires', () => {
  assert.equal(userDir({ ...linux, env: { XDG_CONFIG_HOME: 'relative/cfg' } }), '/home/ana/.config/distill');
  assert.equal(userCacheDir({ ...linux, env: { XDG_CACHE_HOME: 'rel' } }), '/home/ana/.cache/distill');
});

test('DISTILL_HOME overrides every platform; the cache goes to its cache/ folder', () => {
  for (const os of [win, mac, linux]) {
    assert.equal(userDir({ ...os, env: { DISTILL_HOME: '/portable/distill', APPDATA: 'C:\\x', XDG_CONFIG_HOME: '/cfg' } }), path[os.platform === 'win32' ? 'win32' : 'posix'].resolve('/portable/distill'));
  }
  assert.equal(userCacheDir({ ...linux, env: { DISTILL_HOME: '/portable/distill' } }), '/portable/distill/cache');
});
