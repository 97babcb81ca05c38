import { VERSION } from '../version.js';
import type { StartedServer } from './start-server.js';

/**
 * What `distill serve` prints on standard output when it is ready, in plain words: the URL, the token (only when
 * it was just generated; otherwise where it comes from), the certificate and its SHA-256 fingerprint, and how to pin
 * it with curl and Python.
 */
export function formatBanner(started: StartedServer): string {
  const { running, certificate, token, distill } = started;
  const local = running.host === '0.0.0.0' || running.host === '::' ? `https://127.0.0.1:${running.port}` : running.url;
  const sources = Object.keys(distill.loaded.config.sources);
  const tokenLines = {
    generated: [`${token.token}`, `new: stored in ${token.file} (readable by you only); it is shown only this once`],
    stored: [`stored in ${token.file} (readable by you only)`, 'export DISTILL_TOKEN="$(cat <that file>)" to use it from a shell'],
    env: ['from the DISTILL_TOKEN environment variable'],
    config: ['from the config file (server.token)'],
    flag: ['from --token'],
  }[token.origin];
  const certNote = {
    generated: 'self-signed, generated now',
    stored: 'self-signed, generated earlier',
    user: 'yours',
  }[certificate.origin];
  const cert = JSON.stringify(certificate.certPath);
  const lines = [
    `Distill ${VERSION} is serving ${sources.length === 0 ? 'no sources' : `source${sources.length === 1 ? '' : 's'} ${sources.join(', ')}`} over HTTPS`,
    `  config       ${distill.loaded.file}`,
    '',
    `  URL          ${running.url}${local === running.url ? '' : `  (on this machine: ${local})`}`,
    `  API docs     ${local}/docs  and  ${local}/openapi.json`,
    `  Token        ${tokenLines[0]}`,
    ...tokenLines.slice(1).map((l) => `               ${l}`),
    `  Certificate  ${certificate.certPath} (${certNote}; valid until ${certificate.validTo.toISOString().slice(0, 10)})`,
    `  SHA-256      ${certificate.fingerprint}`,
    '',
    'Trust exactly this certificate (it pins the server):',
    `  curl --cacert ${cert} -H "Authorization: Bearer $DISTILL_TOKEN" ${local}/v1/sources`,
    `  Python: requests.get("${local}/v1/sources", verify=${cert}, headers={"Authorization": "Bearer " + token})`,
    `  Compare the fingerprint: openssl x509 -in ${cert} -noout -fingerprint -sha256`,
    ...started.notices.map((n) => `\nWarning: ${n}`),
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}
