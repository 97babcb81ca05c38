import { VERSION } from '../version.js';
import type { StartedServer } from './start-server.js';

/**
 * What `distill serve` prints on standard output when it is ready, in plain words: the URL, the token (only when
 * it was just generated; otherwise where it comes from), the certificate and its SHA-256 fingerprint, and how to pin
 * it — in the shell of the OS it runs on: POSIX sh, curl and openssl on Linux and macOS; PowerShell
 * (`$env:DISTILL_TOKEN`, `curl.exe`, `Invoke-RestMethod` with the fingerprint pinned, `certutil`) and a Python
 * raw-string path on Windows, so every command can be pasted as printed.
 * Cost: string formatting only.
 * @example formatBanner(started, 'win32') // "… $env:DISTILL_TOKEN = Get-Content \"C:\\…\\token\" …"
 */
export function formatBanner(started: StartedServer, platform: NodeJS.Platform = process.platform): string {
  const { running, certificate, token, distill } = started;
  const local = running.host === '0.0.0.0' || running.host === '::' ? `https://127.0.0.1:${running.port}` : running.url;
  const sources = Object.keys(distill.loaded.config.sources);
  const tokenLines = {
    generated: [`${token.token}`, `new: stored in ${token.file} (readable by you only); it is shown only this once`],
    stored: [`stored in ${token.file} (readable by you only)`],
    env: ['from the DISTILL_TOKEN environment variable'],
    config: ['from the config file (server.token)'],
    flag: ['from --token'],
  }[token.origin];
  const certNote = {
    generated: 'self-signed, generated now',
    stored: 'self-signed, generated earlier',
    user: 'yours',
  }[certificate.origin];
  const tokenFile = token.origin === 'generated' || token.origin === 'stored' ? token.file : undefined;
  const pin = { url: local, certPath: certificate.certPath, fingerprint: certificate.fingerprint, tokenFile };
  const lines = [
    `Distill ${VERSION} is serving ${sources.length === 0 ? 'no sources' : `source${sources.length === 1 ? '' : 's'} ${sources.join(', ')}`} over HTTPS`,
    `  config       ${distill.loaded.file}`,
    '',
    `  URL          ${running.url}${local === running.url ? '' : `  (on this machine: ${local})`}`,
    `  App          ${started.signInUrl}`,
    '               open it in a browser: it signs you in once (then the address no longer works)',
    `  API docs     ${local}/docs  and  ${local}/openapi.json`,
    `  Token        ${tokenLines[0]}`,
    ...tokenLines.slice(1).map((l) => `               ${l}`),
    `  Certificate  ${certificate.certPath} (${certNote}; valid until ${certificate.validTo.toISOString().slice(0, 10)})`,
    `  SHA-256      ${certificate.fingerprint}`,
    '',
    ...(platform === 'win32' ? windowsCommands(pin) : posixCommands(pin)),
    ...started.notices.map((n) => `\nWarning: ${n}`),
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}

interface Pin {
  readonly url: string;
  readonly certPath: string;
  readonly fingerprint: string;
  /** The token's file when Distill keeps it (generated or stored); undefined for --token, DISTILL_TOKEN, config. */
  readonly tokenFile: string | undefined;
}

/** A POSIX shell word: single quotes unless the text needs none. */
function shQuote(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A PowerShell string literal: single quotes (nothing inside is expanded; a quote is doubled). */
function psQuote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A Python string literal for a path: a raw string on Windows (backslashes as typed), else a plain one. */
function pyPath(text: string, platform: 'win32' | 'posix'): string {
  if (platform === 'win32' && !text.includes('"') && !text.endsWith('\\')) return `r"${text}"`;
  return JSON.stringify(text);
}

function posixCommands(pin: Pin): string[] {
  const cert = shQuote(pin.certPath);
  return [
    'Trust exactly this certificate (it pins the server):',
    ...(pin.tokenFile === undefined ? [] : [`  export DISTILL_TOKEN="$(cat ${shQuote(pin.tokenFile)})"`]),
    `  curl --cacert ${cert} -H "Authorization: Bearer $DISTILL_TOKEN" ${pin.url}/v1/sources`,
    `  Python: requests.get("${pin.url}/v1/sources", verify=${pyPath(pin.certPath, 'posix')}, headers={"Authorization": "Bearer " + token})`,
    `  Compare the fingerprint: openssl x509 -in ${cert} -noout -fingerprint -sha256`,
  ];
}

function windowsCommands(pin: Pin): string[] {
  const cert = psQuote(pin.certPath);
  const hex = pin.fingerprint.replaceAll(':', '');
  return [
    'Trust exactly this certificate (it pins the server). In PowerShell:',
    ...(pin.tokenFile === undefined ? [] : [`  $env:DISTILL_TOKEN = Get-Content ${psQuote(pin.tokenFile)}`]),
    `  curl.exe --ssl-no-revoke --cacert ${cert} -H "Authorization: Bearer $env:DISTILL_TOKEN" ${pin.url}/v1/sources`,
    '  Invoke-RestMethod (Windows PowerShell), accepting only this certificate:',
    `  [Net.ServicePointManager]::ServerCertificateValidationCallback = { param($s, $c) (-join ([Security.Cryptography.SHA256]::Create().ComputeHash($c.GetRawCertData()) | % { $_.ToString('X2') })) -eq '${hex}' }`,
    `  Invoke-RestMethod ${pin.url}/v1/sources -Headers @{ Authorization = "Bearer $env:DISTILL_TOKEN" }`,
    `  Python: requests.get("${pin.url}/v1/sources", verify=${pyPath(pin.certPath, 'win32')}, headers={"Authorization": "Bearer " + token})`,
    `  Compare the fingerprint: certutil -dump ${cert} | findstr sha256`,
  ];
}
