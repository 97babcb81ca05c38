/**
 * A minimal ASN.1 DER encoder: just the types an X.509 v3 certificate needs. Every function returns the complete
 * TLV (tag, length, value) as a Buffer, so encodings compose by concatenation. DER rules applied: minimal
 * lengths, minimal two's-complement INTEGERs, BOOLEAN true as 0xFF, times in UTCTime up to 2049 and
 * GeneralizedTime from 2050 (RFC 5280 §4.1.2.5).
 *
 * Cost: linear in the output size. Used only at certificate generation.
 *
 * @example derInteger(Buffer.from([0x80])) // → <02 02 00 80>
 */

/** Tag, length and value. The length uses the short form below 128 and the minimal long form above. */
export function tlv(tag: number, value: Buffer): Buffer {
  const n = value.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, value]);
}

/** SEQUENCE of already-encoded elements. */
export function derSequence(...elements: readonly Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(elements));
}

/** SET of already-encoded elements, sorted by their encodings as DER requires for SET OF. */
export function derSet(...elements: readonly Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat([...elements].sort(Buffer.compare)));
}

/** INTEGER from a small non-negative number or unsigned big-endian bytes (made minimal and positive). */
export function derInteger(value: number | Buffer): Buffer {
  let bytes: Buffer;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`derInteger takes a non-negative safe integer, got ${value}.`);
    const out: number[] = [];
    for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) out.unshift(rest & 0xff);
    bytes = Buffer.from(out.length === 0 ? [0] : out);
  } else {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start++;
    bytes = value.length === 0 ? Buffer.from([0]) : value.subarray(start);
  }
  if ((bytes[0]! & 0x80) !== 0) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

/** BOOLEAN (DER: true is 0xFF). */
export function derBoolean(value: boolean): Buffer {
  return tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

/** NULL. */
export function derNull(): Buffer {
  return Buffer.from([0x05, 0x00]);
}

/** OBJECT IDENTIFIER from dotted text (`1.2.840.10045.4.3.2`). */
export function derOid(oid: string): Buffer {
  const arcs = oid.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new RangeError(`Not an OID: ${oid}`);
    return BigInt(a);
  });
  if (arcs.length < 2) throw new RangeError(`An OID needs at least two arcs: ${oid}`);
  const out: number[] = [];
  const push = (arc: bigint): void => {
    const groups: number[] = [Number(arc & 0x7fn)];
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) groups.unshift(Number(rest & 0x7fn) | 0x80);
    out.push(...groups);
  };
  push(arcs[0]! * 40n + arcs[1]!);
  for (const arc of arcs.slice(2)) push(arc);
  return tlv(0x06, Buffer.from(out));
}

/** UTF8String. */
export function derUtf8String(text: string): Buffer {
  return tlv(0x0c, Buffer.from(text, 'utf8'));
}

/** OCTET STRING. */
export function derOctetString(bytes: Buffer): Buffer {
  return tlv(0x04, bytes);
}

/** BIT STRING of whole bytes (no unused bits). */
export function derBitString(bytes: Buffer): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
}

/**
 * A named-bit BIT STRING (KeyUsage): bit 0 is the most significant bit of the first byte; trailing zero bits are
 * dropped and counted as unused, as DER requires.
 */
export function derNamedBits(bits: readonly number[]): Buffer {
  if (bits.length === 0) return tlv(0x03, Buffer.from([0]));
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)]! |= 0x80 >> bit % 8;
  const unused = 7 - (highest % 8);
  return tlv(0x03, Buffer.concat([Buffer.from([unused]), bytes]));
}

/** UTCTime (years 1950–2049) or GeneralizedTime (other years), always in UTC with seconds. */
export function derTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (year >= 1950 && year < 2050) return tlv(0x17, Buffer.from(`${pad(year % 100)}${rest}`, 'ascii'));
  return tlv(0x18, Buffer.from(`${String(year).padStart(4, '0')}${rest}`, 'ascii'));
}

/** Context-specific constructed tag `[n]` wrapping an encoding (EXPLICIT tagging). */
export function derExplicit(n: number, inner: Buffer): Buffer {
  return tlv(0xa0 | n, inner);
}

/** Context-specific primitive tag `[n]` replacing a value's own tag (IMPLICIT tagging of a primitive). */
export function derImplicit(n: number, value: Buffer): Buffer {
  return tlv(0x80 | n, value);
}
