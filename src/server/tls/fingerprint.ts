import { createHash, X509Certificate } from 'node:crypto';

/**
 * The SHA-256 fingerprint of a certificate (of its DER encoding), as colon-separated upper-case hex: the form
 * `openssl x509 -fingerprint -sha256`, browsers and urllib3's `assert_fingerprint` show and accept.
 *
 * @example certificateFingerprint(pem) // → 'AB:12:…' (32 bytes, 95 characters)
 */
export function certificateFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/**
 * The base64 SHA-256 of the certificate's SubjectPublicKeyInfo: a pin on the key rather than the certificate, the
 * form Chromium's `--ignore-certificate-errors-spki-list` and HPKP-style pins use.
 */
export function spkiPin(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
