import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
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

/** What to put in a generated certificate. */
export interface SelfSignedOptions {
  /** Common name of subject and issuer (default `Distill local server`). */
  readonly commonName?: string | undefined;
  /** DNS names for the SubjectAltName (default `localhost`). */
  readonly dnsNames?: readonly string[] | undefined;
  /** IP addresses for the SubjectAltName (default `127.0.0.1`, `::1`). */
  readonly ipAddresses?: readonly string[] | undefined;
  /** Validity in days from `now` (default 825, the longest that Apple platforms accept for TLS servers). */
  readonly days?: number | undefined;
  readonly now?: Date | undefined;
}

/** A generated certificate and its private key, both PEM. */
export interface GeneratedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
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

/**
 * Generate an ECDSA P-256 key and a self-signed X.509 v3 TLS server certificate for it, with no OpenSSL binary
 * (node:crypto signs; `der.ts` encodes). Extensions, chosen so strict verifiers (OpenSSL's X509_STRICT, which
 * Python 3.13 turns on by default) accept it when the certificate itself is the trust anchor (`verify=cert.pem`):
 * SubjectAltName (DNS `localhost`, IP `127.0.0.1`, IP `::1`), SubjectKeyIdentifier and an AuthorityKeyIdentifier
 * equal to it (RFC 5280 method 1: SHA-1 of the public key bits), BasicConstraints **critical** with `CA:FALSE` (an
 * end-entity certificate; a self-signed leaf needs no CA bit to be its own trust anchor), KeyUsage critical
 * `digitalSignature`, ExtendedKeyUsage `serverAuth`. Serial: 128 random bits. Signature: ecdsa-with-SHA256.
 *
 * Cost: one key generation and one signature (a few milliseconds).
 *
 * @example
 * const { certPem } = generateSelfSignedCertificate();
 * new X509Certificate(certPem).subjectAltName // → 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1'
 */
export function generateSelfSignedCertificate(options: SelfSignedOptions = {}): GeneratedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const certDer = buildCertificate(privateKey, publicKey, options);
  const certPem = toPem('CERTIFICATE', certDer);
  // Self-check: node parses it and the signature verifies with its own key.
  const parsed = new X509Certificate(certPem);
  if (!parsed.verify(publicKey)) throw new Error('Generated certificate does not verify with its own key.');
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function buildCertificate(privateKey: KeyObject, publicKey: KeyObject, options: SelfSignedOptions): Buffer {
  const now = options.now ?? new Date();
  const days = options.days ?? 825;
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000); // an hour of slack for clients whose clocks lag
  const notAfter = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
  const name = derSequence(
    derSet(derSequence(derOid(OID.organization), derUtf8String('Distill'))),
    derSet(derSequence(derOid(OID.commonName), derUtf8String(options.commonName ?? 'Distill local server'))),
  );
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha1').update(publicKeyBits(publicKey)).digest();
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and never zero

  const extensions = [
    extension(OID.basicConstraints, true, derSequence()),
    extension(OID.keyUsage, true, derNamedBits([0])),
    extension(OID.extKeyUsage, false, derSequence(derOid(OID.serverAuth))),
    extension(OID.subjectKeyIdentifier, false, derOctetString(keyId)),
    extension(OID.authorityKeyIdentifier, false, derSequence(derImplicit(0, keyId))),
    extension(OID.subjectAltName, false, subjectAltName(options.dnsNames ?? ['localhost'], options.ipAddresses ?? ['127.0.0.1', '::1'])),
  ];
  const signatureAlgorithm = derSequence(derOid(OID.ecdsaWithSha256));
  const tbs = derSequence(
    derExplicit(0, derInteger(2)), // v3
    derInteger(serial),
    signatureAlgorithm,
    name,
    derSequence(derTime(notBefore), derTime(notAfter)),
    name,
    spki,
    derExplicit(3, derSequence(...extensions)),
  );
  const signature = sign('sha256', tbs, privateKey); // DER ECDSA-Sig-Value, as X.509 wants
  return derSequence(tbs, signatureAlgorithm, derBitString(signature));
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

/** The subjectPublicKey bits of an EC key: the uncompressed point 04 || x || y. */
function publicKeyBits(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
}

/** Bytes of an IPv4 or IPv6 address (IPv6 with `::` compression). */
export function ipBytes(ip: string): Buffer {
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(ip)) {
    const parts = ip.split('.').map(Number);
    if (parts.some((p) => p > 255)) throw new RangeError(`Not an IPv4 address: ${ip}`);
    return Buffer.from(parts);
  }
  const [head = '', tail] = ip.split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...new Array<string>(fill).fill('0'), ...right];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) throw new RangeError(`Not an IP address: ${ip}`);
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function toPem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
