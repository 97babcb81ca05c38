import { readFileSync } from 'node:fs';
import { parseMachO, verifyCodeSignature } from './inspect/macho.js';
import { runCommand } from './run-command.js';

/** The code-signing identifier of the macOS executable. */
export const MACOS_IDENTIFIER = 'distill';

/**
 * Ad-hoc sign a macOS executable in place with rcodesign (the `apple-codesign` crate, built from crates.io), the
 * equivalent of `codesign --sign -` that the Node.js SEA documentation prescribes after injection: postject drops
 * Node's Apple signature, leaving the executable unsigned; an ad-hoc signature lets macOS check that the file is
 * unaltered. Ad-hoc means no certificate and no timestamp, so the result is deterministic; no hardened runtime, so
 * V8's JIT needs no entitlements. Then checks the signature's page hashes itself (rcodesign's own `verify` is marked
 * unreliable by its authors).
 *
 * @throws Error when rcodesign fails or the signature does not verify.
 */
export async function adhocSign(file: string, rcodesign: string): Promise<void> {
  await runCommand(rcodesign, ['sign', '--binary-identifier', MACOS_IDENTIFIER, file]);
  const image = readFileSync(file);
  const check = verifyCodeSignature(image, parseMachO(image));
  if (!check.valid || !check.adhoc) throw new Error(`${file}: ad-hoc signature does not verify: ${check.problems.join('; ') || 'not ad-hoc'}`);
}
