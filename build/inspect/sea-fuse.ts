/**
 * The SEA fuse: Node's binaries carry the sentinel `NODE_SEA_FUSE_<hash>:0`; postject flips the last character to
 * `1` when it injects a blob, and Node only looks for a blob when the fuse is `1`. Built from parts so this file
 * (which may itself be bundled) never holds the whole sentinel.
 */
export const SEA_FUSE_SENTINEL = ['NODE_SEA_FUSE', 'fce680ab2cc467b6e072b8b5df1996b2'].join('_');

/** `fused`: one sentinel ending in `:1`; `unfused`: one ending in `:0`; otherwise missing or ambiguous (several). */
export type FuseState = 'fused' | 'unfused' | 'missing' | 'ambiguous';

/**
 * Read the SEA fuse of an executable image (ELF, PE or Mach-O alike: the sentinel is a plain string in the data).
 * Cost: one linear scan of the file.
 *
 * @example seaFuseState(Buffer.from('…NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1…')) // → 'fused'
 */
export function seaFuseState(image: Uint8Array): FuseState {
  const buf = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  const needle = Buffer.from(`${SEA_FUSE_SENTINEL}:`, 'latin1');
  const first = buf.indexOf(needle);
  if (first === -1) return 'missing';
  if (buf.indexOf(needle, first + 1) !== -1) return 'ambiguous';
  const flag = buf[first + needle.length];
  if (flag === 0x31) return 'fused';
  if (flag === 0x30) return 'unfused';
  return 'ambiguous';
}
