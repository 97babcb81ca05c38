import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBanner } from '../../src/server/banner.js';
import type { StartedServer } from '../../src/server/start-server.js';
import { VERSION } from '../../src/version.js';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).toUpperCase().padStart(2, '0')).join(':');
const HEX = FINGERPRINT.replaceAll(':', '');

function started(dir: string, sep: '/' | '\\', tokenOrigin: 'generated' | 'stored' | 'env'): StartedServer {
  return {
    running: { host: '127.0.0.1', port: 8443, url: 'https://127.0.0.1:8443' },
    certificate: { certPath: `${dir}${sep}cert.pem`, origin: 'generated', fingerprint: FINGERPRINT, validTo: new Date('2029-01-01T00:00:00Z') },
    token: { token: 'tok_0123456789abcdefghij', origin: tokenOrigin, file: `${dir}${sep}token` },
    distill: { loaded: { file: `${dir}${sep}distill.config.json`, config: { sources: { sample: {} } } } },
    notices: [],
    signInUrl: 'https://127.0.0.1:8443/login?secret=one-time-secret',
  } as unknown as StartedServer;
}

const WIN = 'C:\\Users\\Ana Lee\\AppData\\Roaming\\Distill';

test('Windows: PowerShell commands (token variable, curl.exe, Invoke-RestMethod pinned to the fingerprint) and a raw-string Python path', () => {
  assert.equal(
    formatBanner(started(WIN, '\\', 'generated'), 'win32'),
    [
      `Distill ${VERSION} is serving source sample over HTTPS`,
      `  config       ${WIN}\\distill.config.json`,
      '',
      '  URL          https://127.0.0.1:8443',
      '  App          https://127.0.0.1:8443/login?secret=one-time-secret',
      '               open it in a browser: it signs you in once (then the address no longer works)',
      '  API docs     https://127.0.0.1:8443/docs  and  https://127.0.0.1:8443/openapi.json',
      '  Token        tok_0123456789abcdefghij',
      `               new: stored in ${WIN}\\token (readable by you only); it is shown only this once`,
      `  Certificate  ${WIN}\\cert.pem (self-signed, generated now; valid until 2029-01-01)`,
      `  SHA-256      ${FINGERPRINT}`,
      '',
      'Trust exactly this certificate (it pins the server). In PowerShell:',
      `  $env:DISTILL_TOKEN = Get-Content '${WIN}\\token'`,
      `  curl.exe --ssl-no-revoke --cacert '${WIN}\\cert.pem' -H "Authorization: Bearer $env:DISTILL_TOKEN" https://127.0.0.1:8443/v1/sources`,
      '  Invoke-RestMethod (Windows PowerShell), accepting only this certificate:',
      `  [Net.ServicePointManager]::ServerCertificateValidationCallback = { param($s, $c) (-join ([Security.Cryptography.SHA256]::Create().ComputeHash($c.GetRawCertData()) | % { $_.ToString('X2') })) -eq '${HEX}' }`,
      '  Invoke-RestMethod https://127.0.0.1:8443/v1/sources -Headers @{ Authorization = "Bearer $env:DISTILL_TOKEN" }',
      `  Python: requests.get("https://127.0.0.1:8443/v1/sources", verify=r"${WIN}\\cert.pem", headers={"Authorization": "Bearer " + token})`,
      `  Compare the fingerprint: certutil -dump '${WIN}\\cert.pem' | findstr sha256`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
});

test('Windows: no bash syntax anywhere (no $DISTILL_TOKEN, no export, no doubled backslashes, no plain curl)', () => {
  for (const origin of ['generated', 'stored', 'env'] as const) {
    const text = formatBanner(started(WIN, '\\', origin), 'win32');
    assert.doesNotMatch(text, /\$DISTILL_TOKEN|export |\\\\|\$\(cat|openssl| curl /, origin);
  }
  // A path with a quote is still one PowerShell literal.
  assert.match(formatBanner(started("C:\\Users\\O'Neil\\Distill", '\\', 'stored'), 'win32'), /Get-Content 'C:\\Users\\O''Neil\\Distill\\token'/);
});

test('Linux and macOS: POSIX sh commands with the paths quoted for sh', () => {
  const tail = (platform: NodeJS.Platform, dir: string): string[] => {
    const text = formatBanner(started(dir, '/', 'stored'), platform);
    return text.slice(text.indexOf('Trust exactly')).split('\n');
  };
  const expected = (cert: string, tokenFile: string): string[] => [
    'Trust exactly this certificate (it pins the server):',
    `  export DISTILL_TOKEN="$(cat ${tokenFile})"`,
    `  curl --cacert ${cert} -H "Authorization: Bearer $DISTILL_TOKEN" https://127.0.0.1:8443/v1/sources`,
    `  Python: requests.get("https://127.0.0.1:8443/v1/sources", verify="${cert.replaceAll("'", '')}", headers={"Authorization": "Bearer " + token})`,
    `  Compare the fingerprint: openssl x509 -in ${cert} -noout -fingerprint -sha256`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  assert.deepEqual(tail('linux', '/home/ana/.config/distill'), expected('/home/ana/.config/distill/cert.pem', '/home/ana/.config/distill/token'));
  assert.deepEqual(
    tail('darwin', '/Users/ana/Library/Application Support/Distill'),
    expected("'/Users/ana/Library/Application Support/Distill/cert.pem'", "'/Users/ana/Library/Application Support/Distill/token'"),
  );
});

test('a token from DISTILL_TOKEN, the config or --token: no line setting it', () => {
  assert.doesNotMatch(formatBanner(started('/h', '/', 'env'), 'linux'), /export DISTILL_TOKEN/);
  assert.doesNotMatch(formatBanner(started(WIN, '\\', 'env'), 'win32'), /\$env:DISTILL_TOKEN =/);
  assert.match(formatBanner(started('/h', '/', 'env'), 'linux'), /Token {8}from the DISTILL_TOKEN environment variable\n/);
});
