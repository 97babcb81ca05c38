import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import {
  derBitString,
  derBoolean,
  derExplicit,
  derImplicit,
  derInteger,
  derNamedBits,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derTime,
  derUtf8String,
} from './der.js';
import { ipBytes } from './ip-bytes.js';

/** The certificate that signs another one: its private key and the common name of its subject. */
export interface CertificateIssuer {
  /** The issuer's EC private key (a KeyObject or PKCS#8 PEM, as `GeneratedCertificate.keyPem`). */
  readonly privateKey: KeyObject | string;
  /** Common name of the issuer's subject; its name is spelled as generated subjects are (`O=Distill, CN=…`). */
  readonly commonName: string;
}

/** What to put in a generated certificate. */
export interface CertificateOptions {
  /** Common name of the subject (default `Distill local server`); the subject is `O=Distill, CN=<commonName>`. */
  readonly commonName?: string | undefined;
  /** DNS names for the SubjectAltName (default `localhost`). Not for a CA certificate. */
  readonly dnsNames?: readonly string[] | undefined;
  /** IP addresses for the SubjectAltName (default `127.0.0.1`, `::1`). Not for a CA certificate. */
  readonly ipAddresses?: readonly string[] | undefined;
  /** Validity in days from `now` (default 825, the longest that Apple platforms accept for TLS servers). */
  readonly days?: number | undefined;
  readonly now?: Date | undefined;
  /** Who signs it (default: nobody else — the certificate is self-signed with its own new key). */
  readonly issuer?: CertificateIssuer | undefined;
  /** A CA certificate (`CA:TRUE`, keyCertSign) rather than a TLS server certificate (default false). */
  readonly ca?: boolean | undefined;
}

/** A generated certificate and its private key, both PEM. */
export interface GeneratedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

/** KeyUsage bit numbers (RFC 5280 §4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

/**
 * Generate an ECDSA P-256 key and an X.509 v3 certificate for it — self-signed, or signed by `options.issuer` —
 * with no OpenSSL binary (node:crypto signs; `der.ts` encodes). Subject `O=Distill, CN=<commonName>`; issuer the
 * subject when self-signed, else `O=Distill, CN=<issuer.commonName>`. Serial: 128 random bits. Signature:
 * ecdsa-with-SHA256. Key identifiers: SHA-1 of the public key bits (RFC 5280 method 1); the AuthorityKeyIdentifier
 * is the signer's (the certificate's own when self-signed).
 *
 * Two profiles, chosen so strict verifiers (OpenSSL's X509_STRICT, which Python 3.13 turns on by default) accept
 * them, a self-signed server certificate being its own trust anchor (`verify=cert.pem`):
 * - **TLS server** (default), in this order: BasicConstraints **critical** `CA:FALSE` (an end-entity certificate; a
 *   self-signed leaf needs no CA bit to be its own trust anchor), KeyUsage critical `digitalSignature`,
 *   ExtendedKeyUsage `serverAuth`, SubjectKeyIdentifier, AuthorityKeyIdentifier, SubjectAltName (DNS `localhost`,
 *   IP `127.0.0.1`, IP `::1` by default).
 * - **CA** (`ca: true`): BasicConstraints critical `CA:TRUE` (no path length limit), KeyUsage critical
 *   `keyCertSign, cRLSign`, SubjectKeyIdentifier, AuthorityKeyIdentifier; no SubjectAltName, no ExtendedKeyUsage.
 *
 * The result is checked before it is returned: node parses it and its signature verifies with the signer's key.
 *
 * Cost: one key generation and one signature (a few milliseconds).
 *
 * @throws RangeError when an IP address does not parse, when `ca` is asked together with `dnsNames` or
 *   `ipAddresses`, or when the issuer's key is not an EC key.
 * @throws Error when the generated certificate does not verify with the signer's key (a bug, never expected).
 * @example
 * const ca = generateCertificate({ commonName: 'Test CA', ca: true });
 * const leaf = generateCertificate({ commonName: 'localhost', issuer: { privateKey: ca.keyPem, commonName: 'Test CA' } });
 * new X509Certificate(leaf.certPem).checkIssued(new X509Certificate(ca.certPem)) // → true
 * new X509Certificate(ca.certPem).ca // → true
 */
export function generateCertificate(options: CertificateOptions = {}): GeneratedCertificate {
  const ca = options.ca ?? false;
  if (ca && (options.dnsNames !== undefined || options.ipAddresses !== undefined)) {
    throw new RangeError('A CA certificate carries no SubjectAltName: leave dnsNames and ipAddresses out when ca is true.');
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const issuerKey = options.issuer === undefined ? privateKey : issuerPrivateKey(options.issuer.privateKey);
  const issuerPublicKey = options.issuer === undefined ? publicKey : createPublicKey(issuerKey);
  const subject = distinguishedName(options.commonName ?? 'Distill local server');
  const issuer = options.issuer === undefined ? subject : distinguishedName(options.issuer.commonName);

  const now = options.now ?? new Date();
  const days = options.days ?? 825;
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000); // an hour of slack for clients whose clocks lag
  const notAfter = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and never zero
  const keyId = keyIdentifier(publicKey);
  const authorityKeyId = options.issuer === undefined ? keyId : keyIdentifier(issuerPublicKey);

  const extensions = ca
    ? [
        extension(OID.basicConstraints, true, derSequence(derBoolean(true))),
        extension(OID.keyUsage, true, derNamedBits([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])),
        extension(OID.subjectKeyIdentifier, false, derOctetString(keyId)),
        extension(OID.authorityKeyIdentifier, false, derSequence(derImplicit(0, authorityKeyId))),
      ]
    : [
        extension(OID.basicConstraints, true, derSequence()),
        extension(OID.keyUsage, true, derNamedBits([KEY_USAGE.digitalSignature])),
        extension(OID.extKeyUsage, false, derSequence(derOid(OID.serverAuth))),
        extension(OID.subjectKeyIdentifier, false, derOctetString(keyId)),
        extension(OID.authorityKeyIdentifier, false, derSequence(derImplicit(0, authorityKeyId))),
        extension(OID.subjectAltName, false, subjectAltName(options.dnsNames ?? ['localhost'], options.ipAddresses ?? ['127.0.0.1', '::1'])),
      ];
  const signatureAlgorithm = derSequence(derOid(OID.ecdsaWithSha256));
  const tbs = derSequence(
    derExplicit(0, derInteger(2)), // v3
    derInteger(serial),
    signatureAlgorithm,
    issuer,
    derSequence(derTime(notBefore), derTime(notAfter)),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    derExplicit(3, derSequence(...extensions)),
  );
  const signature = sign('sha256', tbs, issuerKey); // DER ECDSA-Sig-Value, as X.509 wants
  const certPem = toPem('CERTIFICATE', derSequence(tbs, signatureAlgorithm, derBitString(signature)));
  if (!new X509Certificate(certPem).verify(issuerPublicKey)) throw new Error("Generated certificate does not verify with its signer's key.");
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function issuerPrivateKey(key: KeyObject | string): KeyObject {
  const object = typeof key === 'string' ? createPrivateKey(key) : key;
  if (object.type !== 'private' || object.asymmetricKeyType !== 'ec') {
    throw new RangeError(`The issuer's key must be an EC private key (ecdsa-with-SHA256), got a ${object.type} ${object.asymmetricKeyType ?? 'secret'} key.`);
  }
  return object;
}

/** `O=Distill, CN=<commonName>`: one attribute per RDN, organisation first. */
function distinguishedName(commonName: string): Buffer {
  return derSequence(
    derSet(derSequence(derOid(OID.organization), derUtf8String('Distill'))),
    derSet(derSequence(derOid(OID.commonName), derUtf8String(commonName))),
  );
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  // `critical` is DEFAULT FALSE: DER omits it when false.
  return derSequence(derOid(oid), ...(critical ? [derBoolean(true)] : []), derOctetString(value));
}

function subjectAltName(dnsNames: readonly string[], ips: readonly string[]): Buffer {
  return derSequence(
    ...dnsNames.map((d) => derImplicit(2, Buffer.from(d, 'ascii'))),
    ...ips.map((ip) => derImplicit(7, ipBytes(ip))),
  );
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits of an EC key, the uncompressed point 04 || x || y. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  const bits = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
  return createHash('sha1').update(bits).digest();
}

function toPem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
