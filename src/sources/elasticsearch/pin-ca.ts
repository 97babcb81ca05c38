import { connect, type PeerCertificate } from 'node:tls';
import { isIP } from 'node:net';
import { SourceUnavailableError, TlsFailedError } from '../../core/errors.js';

/**
 * Find the CA certificate a node presents whose SHA-256 fingerprint is `fingerprint`, and return it as PEM, to be
 * used as the one trusted CA of an ordinary, fully verified TLS connection.
 *
 * This is how Distill pins a CA by fingerprint without turning certificate verification off: the handshake here
 * only collects the chain the node sends (nothing is sent over it, no HTTP request is made); the real connections
 * then verify the node certificate against the pinned CA (signature chain and host name) as usual. A node whose
 * chain holds no certificate with that fingerprint is refused. Cost: one TLS handshake.
 *
 * @throws TlsFailedError (`tls_failed`) when no certificate in the chain matches; SourceUnavailableError when the
 *   node cannot be reached.
 */
export async function fetchPinnedCa(nodeUrl: string, fingerprint: string, timeoutMs: number): Promise<string> {
  const url = new URL(nodeUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port === '' ? 443 : url.port);
  const want = normalizeFingerprint(fingerprint);
  const chain = await new Promise<PeerCertificate[]>((resolve, reject) => {
    const socket = connect({
      host,
      port,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      // Only to read the chain the node presents; nothing is trusted or sent on this connection.
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => socket.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const certs: PeerCertificate[] = [];
      const seen = new Set<string>();
      let cert: PeerCertificate | undefined = socket.getPeerCertificate(true);
      while (cert !== undefined && cert.raw !== undefined && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        certs.push(cert);
        cert = (cert as PeerCertificate & { issuerCertificate?: PeerCertificate }).issuerCertificate;
      }
      socket.destroy();
      resolve(certs);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  }).catch((error: unknown) => {
    throw new SourceUnavailableError(`Cannot open a TLS connection to ${url.origin} to check the pinned CA (${(error as Error).message}).`, {
      cause: error,
      details: { reason: 'unreachable', node: url.origin },
    });
  });
  const match = chain.find((c) => normalizeFingerprint(c.fingerprint256) === want);
  if (match === undefined) {
    throw new TlsFailedError(
      `No certificate presented by ${url.origin} has the pinned SHA-256 fingerprint ${want}. Check "tls.caFingerprint" (the fingerprint of the CA certificate, as Elasticsearch prints it at first start) or that the node serves its CA in the chain.`,
      { details: { reason: 'ca_fingerprint_mismatch', node: url.origin } },
    );
  }
  return toPem(match.raw);
}

/** `ab:cd…` or `abcd…` → `AB:CD:…`. */
export function normalizeFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/:/g, '').toUpperCase();
  return hex.match(/../g)?.join(':') ?? hex;
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
