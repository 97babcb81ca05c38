import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, SourceNotFoundError } from '../../core/errors.js';
import { writePrivateFile } from '../private-file.js';
import { certificateFingerprint, spkiPin } from './fingerprint.js';
import { generateSelfSignedCertificate } from './self-signed-certificate.js';

export interface CertificateOptions {
  /** The user's certificate and key files (both or neither). */
  readonly certFile?: string | undefined;
  readonly keyFile?: string | undefined;
  /** Directory of the generated certificate (`cert.pem`, `key.pem`): the Distill home. */
  readonly home: string;
  /** Regenerate a generated certificate that expires within this many days (default 30). */
  readonly renewDays?: number | undefined;
  readonly now?: Date | undefined;
}

/** The certificate a server listens with, and how clients pin it. */
export interface ServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly certPath: string;
  /** `user` (files given), `stored` (generated earlier), `generated` (just now). */
  readonly origin: 'user' | 'stored' | 'generated';
  /** SHA-256 fingerprint, colon-separated hex. */
  readonly fingerprint: string;
  /** Base64 SHA-256 of the SubjectPublicKeyInfo. */
  readonly spkiPin: string;
  readonly validTo: Date;
}

/**
 * The certificate for `distill serve`: the user's files when given (the key must match the certificate), else the
 * self-signed one kept in the Distill home, generated on first start and again when it is missing, unreadable or
 * about to expire. The key is written with user-only permissions.
 *
 * @throws SourceNotFoundError when a given file does not exist; InvalidArgumentError when only one of cert/key is
 *   given, a file is not PEM, or the key does not belong to the certificate.
 */
export async function ensureCertificate(options: CertificateOptions): Promise<ServerCertificate> {
  const now = options.now ?? new Date();
  if (options.certFile !== undefined || options.keyFile !== undefined) {
    if (options.certFile === undefined || options.keyFile === undefined) {
      throw new InvalidArgumentError('Give both a certificate and its key (--cert and --key, or server.tls.cert and server.tls.key).');
    }
    const certPem = await readPem(options.certFile, 'certificate');
    const keyPem = await readPem(options.keyFile, 'key');
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(certPem);
    } catch {
      throw new InvalidArgumentError(`${options.certFile} is not a PEM certificate.`);
    }
    let matches = false;
    try {
      matches = cert.checkPrivateKey(createPrivateKey(keyPem));
    } catch {
      throw new InvalidArgumentError(`${options.keyFile} is not a PEM private key (an encrypted key is not supported).`);
    }
    if (!matches) throw new InvalidArgumentError(`The key ${options.keyFile} does not belong to the certificate ${options.certFile}.`);
    return describe(certPem, keyPem, path.resolve(options.certFile), 'user');
  }

  const certPath = path.join(options.home, 'cert.pem');
  const keyPath = path.join(options.home, 'key.pem');
  const stored = await readStored(certPath, keyPath);
  const renewBefore = now.getTime() + (options.renewDays ?? 30) * 24 * 60 * 60 * 1000;
  if (stored !== undefined && new Date(stored.cert.validTo).getTime() > renewBefore && new Date(stored.cert.validFrom).getTime() <= now.getTime()) {
    return describe(stored.certPem, stored.keyPem, certPath, 'stored');
  }
  const generated = generateSelfSignedCertificate({ now });
  await writePrivateFile(keyPath, generated.keyPem, 0o600);
  await writePrivateFile(certPath, generated.certPem, 0o644);
  return describe(generated.certPem, generated.keyPem, certPath, 'generated');
}

async function readStored(certPath: string, keyPath: string): Promise<{ certPem: string; keyPem: string; cert: X509Certificate } | undefined> {
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    const cert = new X509Certificate(certPem);
    return cert.checkPrivateKey(createPrivateKey(keyPem)) ? { certPem, keyPem, cert } : undefined;
  } catch {
    return undefined; // missing or damaged: generate a new one
  }
}

async function readPem(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SourceNotFoundError(`The TLS ${what} file ${file} does not exist.`);
    throw new InvalidArgumentError(`Cannot read the TLS ${what} file ${file}: ${(error as Error).message}`);
  }
}

function describe(certPem: string, keyPem: string, certPath: string, origin: ServerCertificate['origin']): ServerCertificate {
  const cert = new X509Certificate(certPem);
  return { certPem, keyPem, certPath, origin, fingerprint: certificateFingerprint(certPem), spkiPin: spkiPin(certPem), validTo: new Date(cert.validTo) };
}
