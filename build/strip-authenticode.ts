import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { parsePe } from './inspect/pe.js';
import { runCommand } from './run-command.js';

/**
 * Copy `input` to `output` without its Authenticode signature (Debian's `osslsigncode remove-signature`, which
 * also clears the certificate table entry and recomputes the PE checksum). Node's `node.exe` is signed by the
 * Node.js project; injecting the SEA blob invalidates that signature, and leaving it in place would ship an .exe
 * whose certificate table points at a signature that no longer matches. An unsigned input is copied as is.
 *
 * @throws Error when osslsigncode is missing or fails, or the result still has a certificate table.
 */
export async function stripAuthenticode(input: string, output: string, osslsigncode = 'osslsigncode'): Promise<void> {
  if (parsePe(readFileSync(input)).certificateTable.size === 0) {
    copyFileSync(input, output);
    return;
  }
  rmSync(output, { force: true }); // osslsigncode refuses to overwrite
  await runCommand(osslsigncode, ['remove-signature', '-in', input, '-out', output]);
  const after = parsePe(readFileSync(output)).certificateTable;
  if (after.size !== 0 || after.offset !== 0) throw new Error(`${output} still has a certificate table after remove-signature: ${JSON.stringify(after)}`);
}
