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
} from '../../../../src/server/tls/der.js';
import { ipBytes } from '../../../../src/server/tls/self-signed-certificate.js';

/** A CA and a server certificate it signed (PEM), as a node with its own CA serves them: input data for TLS tests. */
export interface CaChain {
  readonly caPem: string;
  readonly leafPem: string;
  readonly leafKeyPem: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
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
 * Generate a CA (CA:TRUE, keyCertSign) and a server certificate for `localhost` / 127.0.0.1 signed by it, with
 * node:crypto and the DER encoder of src/server/tls — no OpenSSL binary. Both are checked: the CA verifies the
 * leaf and the leaf names the CA as its issuer. Cost: two key generations and two signatures.
 */
export function generateCaChain(): CaChain {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = name('Distill test CA');
  const caId = keyId(ca.publicKey);
  const caDer = certificate(ca.privateKey, ca.publicKey, caName, caName, [
    extension(OID.basicConstraints, true, derSequence(derBoolean(true))),
    extension(OID.keyUsage, true, derNamedBits([5, 6])), // keyCertSign, cRLSign
    extension(OID.subjectKeyIdentifier, false, derOctetString(caId)),
  ]);
  const leafDer = certificate(ca.privateKey, leaf.publicKey, caName, name('localhost'), [
    extension(OID.basicConstraints, true, derSequence()),
    extension(OID.keyUsage, true, derNamedBits([0])), // digitalSignature
    extension(OID.extKeyUsage, false, derSequence(derOid(OID.serverAuth))),
    extension(OID.subjectKeyIdentifier, false, derOctetString(keyId(leaf.publicKey))),
    extension(OID.authorityKeyIdentifier, false, derSequence(derImplicit(0, caId))),
    extension(OID.subjectAltName, false, derSequence(derImplicit(2, Buffer.from('localhost', 'ascii')), derImplicit(7, ipBytes('127.0.0.1')))),
  ]);
  const caPem = pem(caDer);
  const leafPem = pem(leafDer);
  const caCert = new X509Certificate(caPem);
  const leafCert = new X509Certificate(leafPem);
  if (!leafCert.verify(ca.publicKey) || !leafCert.checkIssued(caCert) || caCert.ca !== true) throw new Error('The generated chain does not hold together.');
  return { caPem, leafPem, leafKeyPem: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function name(commonName: string): Buffer {
  return derSequence(derSet(derSequence(derOid(OID.commonName), derUtf8String(commonName))));
}

function keyId(publicKey: KeyObject): Buffer {
  return createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();
}

function certificate(signer: KeyObject, subjectKey: KeyObject, issuer: Buffer, subject: Buffer, extensions: Buffer[]): Buffer {
  const now = Date.now();
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const algorithm = derSequence(derOid(OID.ecdsaWithSha256));
  const tbs = derSequence(
    derExplicit(0, derInteger(2)),
    derInteger(serial),
    algorithm,
    issuer,
    derSequence(derTime(new Date(now - 3_600_000)), derTime(new Date(now + 86_400_000))),
    subject,
    subjectKey.export({ type: 'spki', format: 'der' }),
    derExplicit(3, derSequence(...extensions)),
  );
  return derSequence(tbs, algorithm, derBitString(sign('sha256', tbs, signer)));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return derSequence(derOid(oid), ...(critical ? [derBoolean(true)] : []), derOctetString(value));
}

function pem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}
