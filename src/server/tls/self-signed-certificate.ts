import { generateCertificate, type CertificateOptions, type GeneratedCertificate } from './generate-certificate.js';

export type { GeneratedCertificate } from './generate-certificate.js';

/** What to put in a self-signed TLS server certificate: everything but an issuer and the CA flag. */
export type SelfSignedOptions = Omit<CertificateOptions, 'issuer' | 'ca'>;

/**
 * Generate an ECDSA P-256 key and a self-signed X.509 v3 TLS server certificate for it, with no OpenSSL binary:
 * `generateCertificate` with no issuer, so the certificate is its own trust anchor. Subject and issuer
 * `O=Distill, CN=Distill local server` by default; extensions, in this order: BasicConstraints critical `CA:FALSE`,
 * KeyUsage critical `digitalSignature`, ExtendedKeyUsage `serverAuth`, SubjectKeyIdentifier, an
 * AuthorityKeyIdentifier equal to it, SubjectAltName (DNS `localhost`, IP `127.0.0.1`, IP `::1`) — what strict
 * verifiers (OpenSSL's X509_STRICT, Python 3.13's default) accept with `verify=cert.pem`. The server's generated
 * certificate (`ensure-certificate.ts`) is this one.
 *
 * Cost: one key generation and one signature (a few milliseconds).
 *
 * @throws RangeError when an IP address in `ipAddresses` does not parse.
 * @example
 * const { certPem } = generateSelfSignedCertificate();
 * new X509Certificate(certPem).subjectAltName // → 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1'
 */
export function generateSelfSignedCertificate(options: SelfSignedOptions = {}): GeneratedCertificate {
  return generateCertificate({ ...options, issuer: undefined, ca: false });
}
