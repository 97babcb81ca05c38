import { X509Certificate } from 'node:crypto';
import { generateCertificate } from '../../../../src/server/tls/generate-certificate.js';

/** A CA and a server certificate it signed (PEM), as a node with its own CA serves them: input data for TLS tests. */
export interface CaChain {
  readonly caPem: string;
  readonly leafPem: string;
  readonly leafKeyPem: string;
}

/** Common name of the generated CA; its subject is `O=Distill, CN=Distill test CA`. */
export const TEST_CA_NAME = 'Distill test CA';

/**
 * Generate a CA (CA:TRUE, keyCertSign) and a server certificate for `localhost` / 127.0.0.1 signed by it, with the
 * product's certificate builder (`src/server/tls/generate-certificate.ts`) — no OpenSSL binary. The builder checks
 * each signature; this also checks that node sees the leaf as issued by the CA. Cost: two key generations and two
 * signatures.
 */
export function generateCaChain(): CaChain {
  const ca = generateCertificate({ commonName: TEST_CA_NAME, ca: true });
  const leaf = generateCertificate({
    commonName: 'localhost',
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
    issuer: { privateKey: ca.keyPem, commonName: TEST_CA_NAME },
  });
  if (!new X509Certificate(leaf.certPem).checkIssued(new X509Certificate(ca.certPem))) throw new Error('The generated chain does not hold together.');
  return { caPem: ca.certPem, leafPem: leaf.certPem, leafKeyPem: leaf.keyPem };
}
