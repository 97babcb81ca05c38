import { test } from 'node:test';
import assert from 'node:assert/strict';
import { versionStrings } from '../../build/windows-version-info.js';

test('the version strings name Distill, its version and file, and credit Node.js in the copyright and comments', () => {
  assert.deepEqual(versionStrings({ version: '0.2.0', nodeVersion: '24.21.0', fileName: 'distill-0.2.0-win-x64.exe' }), {
    ProductName: 'Distill',
    FileDescription: 'Distill: user-activity log analysis (CLI and HTTPS server)',
    ProductVersion: '0.2.0',
    FileVersion: '0.2.0',
    OriginalFilename: 'distill-0.2.0-win-x64.exe',
    InternalName: 'distill',
    LegalCopyright: 'Distill: Apache-2.0. Includes Node.js (MIT) and other software: see THIRD-PARTY-NOTICES.txt',
    Comments: 'Single-file executable on the Node.js 24.21.0 runtime',
  });
});
