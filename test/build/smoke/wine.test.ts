import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distillDirs, hostPathOf, inRootCommand, wineCommand, wineEnv, type WineRoot } from '../../../build/smoke/wine.js';

const wine: WineRoot = { root: '/c/wine-trixie-1', prefix: '/c/wine-trixie-1/root/prefix' };

test('a C: path maps into the prefix, a Z: path into the root', () => {
  assert.equal(hostPathOf(wine, 'C:\\users\\root\\AppData\\Roaming\\Distill\\cert.pem'), '/c/wine-trixie-1/root/prefix/drive_c/users/root/AppData/Roaming/Distill/cert.pem');
  assert.equal(hostPathOf(wine, 'Z:\\work\\x.txt'), '/c/wine-trixie-1/work/x.txt');
  assert.throws(() => hostPathOf(wine, '/already/linux'), /Not a Windows drive path/);
  assert.deepEqual(distillDirs(wine), {
    roaming: '/c/wine-trixie-1/root/prefix/drive_c/users/root/AppData/Roaming/Distill',
    local: '/c/wine-trixie-1/root/prefix/drive_c/users/root/AppData/Local/Distill',
  });
});

test('the environment inside the root is only Wine\'s (private prefix, no display, nothing of the host\'s)', () => {
  assert.deepEqual(wineEnv(), {
    PATH: '/usr/bin:/bin',
    HOME: '/root',
    LANG: 'C.UTF-8',
    XDG_RUNTIME_DIR: '/tmp/xdg-runtime',
    WINEPREFIX: '/root/prefix',
    WINEARCH: 'win64',
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    DISTILL_NO_BROWSER: '1',
  });
});

test('the executable runs by its /dist path in a private mount namespace, chrooted, with exactly that environment', () => {
  const c = wineCommand(wine, '/src/build/out', '/tmp/w', '/src/build/out/distill-0.2.0-win-x64.exe', ['version', '--json']);
  assert.equal(c.command, 'unshare');
  assert.deepEqual(c.args.slice(0, 6), ['--mount', '--propagation', 'private', '--', 'sh', '-c']);
  assert.match(c.args[6]!, /mount -t proc proc "\$r\/proc" && mount --rbind \/dev "\$r\/dev"/);
  assert.match(c.args[6]!, /exec chroot "\$r"/);
  assert.deepEqual(c.args.slice(7), [
    'sh', '/c/wine-trixie-1', '/src/build/out', '/tmp/w', '/usr/bin/env', '-i',
    ...Object.entries(wineEnv()).map(([k, v]) => `${k}=${v}`),
    'wine', '/dist/distill-0.2.0-win-x64.exe', 'version', '--json',
  ]);
  assert.throws(() => wineCommand(wine, '/src/build/out', '/tmp/w', '/elsewhere/x.exe', []), /not inside \/src\/build\/out/);
  assert.deepEqual(inRootCommand(wine, '/d', '/w', ['wineserver', '-k']).args.slice(-2), ['wineserver', '-k']);
});
