// The JSON scanner's WebAssembly kernel (AssemblyScript; compiled by scripts/build-scan-kernel.mjs into
// src/sources/files/scan/scan-kernel-wasm.ts). It validates one NDJSON line holding a JSON object exactly as
// JSON.parse's grammar does and records where the values of the needed top-level keys are, so the caller
// (src/sources/files/scan/wasm-scanner.ts) builds only those. Strings are passed 16 bytes at a time (SIMD).
//
// One-sided contract: it never accepts a line JSON.parse rejects and never reports a wrong span, but it may give up
// on a valid line (a key with escapes, a top-level value that is not an object, nesting deeper than its stack, more
// matched keys than its record area): the caller then reads the line with the JavaScript scanner.
//
// Memory (bytes; the caller writes the key table and the line, and keeps 64 bytes readable after every line):
//   [STACK, +4096)        container kinds of the value being skipped
//   [SAVED, +1024)        per needed key, the byte length of its last plain string value (-1: none)
//   [KEYS, +2048)         needed top-level keys: 256 × (offset i32, length i32), offsets into memory
//   [KEY_BYTES, +6144)    their UTF-8 bytes
//   [RECORDS, +32768)     per matched key, in document order: (key index, kind, value start, value end) as i32
//   [NUMBERS, +16384)     per record, the number's value when its kind is 3 (f64)
//   [SAVED_BYTES, +32768) per needed key, the bytes of that last value (at most 128)
// Record kinds: 1 string without escapes, 2 string with escapes, 3 number with its value in NUMBERS, 4 number to
// convert from its text, 5 true, 6 false, 7 null, 8 object, 9 array, 10 string without escapes whose bytes equal
// the last such value of the same key (the caller reuses the string it made then: ids and names repeat line after
// line). The caller calls setKeyCount again whenever it did not take a line's records, which forgets those values.

const STACK: usize = 1024;
const STACK_SIZE: usize = 4096;
const KEYS: usize = 8192;
const KEY_BYTES: usize = 10240;
const RECORDS: usize = 16384;
const MAX_RECORDS: i32 = 2048;
const NUMBERS: usize = 49152;
const SAVED: usize = 5120;
const SAVED_BYTES: usize = 65536;
const SAVED_MAX: i32 = 128;

/** Outcomes besides a record count. */
const INVALID: i32 = -1;
const GIVE_UP: i32 = -2;

let keyCount: i32 = 0;
/** Set by skipString: the string held an escape. */
let escaped: bool = false;
/** Set by numberEnd: whether the number's value is exact on the fast path (see numberEnd), and then that value. */
let numberValue: f64 = 0;
let numberExact: bool = false;

/** The caller wrote `count` keys into KEYS / KEY_BYTES; no last values are known. */
export function setKeyCount(count: i32): void {
  keyCount = count;
  for (let k: usize = 0; k < 256; k++) store<i32>(SAVED + (k << 2), -1);
}

/** Kind 10 when the plain string [s, e) (quotes included) equals key `key`'s last one; else kind 1, and it is saved. */
function savedKind(key: i32, s: usize, e: usize): i32 {
  const length = <i32>(e - s);
  const at = SAVED + (<usize>key << 2);
  const bytes = SAVED_BYTES + (<usize>key << 7);
  if (length > SAVED_MAX) {
    store<i32>(at, -1);
    return 1;
  }
  if (load<i32>(at) == length) {
    let j = 0;
    while (j < length && load<u8>(s + j) == load<u8>(bytes + j)) j++;
    if (j == length) return 10;
  }
  memory.copy(bytes, s, length);
  store<i32>(at, length);
  return 1;
}

@inline function isWs(c: u32): bool {
  return c == 32 || c == 10 || c == 13 || c == 9;
}

@inline function isDigit(c: u32): bool {
  return c - 48 < 10;
}

@inline function byteAt(i: usize, e: usize): u32 {
  return i < e ? <u32>load<u8>(i) : 256;
}

@inline function skipWs(i: usize, e: usize): usize {
  while (i < e && isWs(<u32>load<u8>(i))) i++;
  return i;
}

function isHex(c: u32): bool {
  return isDigit(c) || c - 97 < 6 || c - 65 < 6;
}

/**
 * At the byte after an opening quote: validate the string, return the index after its closing quote (0 when
 * invalid: unterminated, a control character, a bad escape). Sets `escaped`.
 */
@inline function skipString(i: usize, e: usize): usize {
  const quote = i8x16.splat(34);
  const backslash = i8x16.splat(92);
  const space = i8x16.splat(32);
  escaped = false;
  while (true) {
    const v = v128.load(i);
    const m = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), i8x16.lt_u(v, space)));
    if (m == 0) {
      i += 16;
      if (i >= e) return 0;
      continue;
    }
    i += <usize>ctz(m);
    if (i >= e) return 0;
    const c = <u32>load<u8>(i);
    if (c == 34) return i + 1;
    if (c != 92) return 0;
    escaped = true;
    const n = byteAt(i + 1, e);
    if (n == 117) {
      if (i + 5 >= e) return 0;
      if (!isHex(<u32>load<u8>(i + 2)) || !isHex(<u32>load<u8>(i + 3)) || !isHex(<u32>load<u8>(i + 4)) || !isHex(<u32>load<u8>(i + 5))) return 0;
      i += 6;
    } else if (n == 34 || n == 92 || n == 47 || n == 98 || n == 102 || n == 110 || n == 114 || n == 116) i += 2;
    else return 0;
  }
}

/**
 * At a `-` or a digit: validate a JSON number, return the index after it (0 when invalid). Sets `numberExact` and
 * `numberValue`: exact when it has no exponent, at most 15 significant digits and at most 22 after the point (the
 * digits form an integer below 2^53 and 10^k is exact, so one division rounds correctly, as JSON.parse does).
 */
function numberEnd(i: usize, e: usize): usize {
  let negative = false;
  let c = byteAt(i, e);
  if (c == 45) {
    negative = true;
    c = byteAt(++i, e);
  }
  let m: f64 = 0;
  let digits = 0;
  let scale = 0;
  if (c == 48) c = byteAt(++i, e);
  else if (c - 49 < 9) {
    do {
      m = m * 10 + <f64>(c - 48);
      digits++;
      c = byteAt(++i, e);
    } while (isDigit(c));
  } else return 0;
  if (c == 46) {
    c = byteAt(++i, e);
    if (!isDigit(c)) return 0;
    do {
      m = m * 10 + <f64>(c - 48);
      if (m != 0) digits++;
      scale++;
      c = byteAt(++i, e);
    } while (isDigit(c));
  }
  numberExact = digits <= 15 && scale <= 22;
  if (c == 101 || c == 69) {
    numberExact = false;
    c = byteAt(++i, e);
    if (c == 43 || c == 45) c = byteAt(++i, e);
    if (!isDigit(c)) return 0;
    do c = byteAt(++i, e);
    while (isDigit(c));
  }
  if (numberExact) {
    let p: f64 = 1;
    for (let k = 0; k < scale; k++) p *= 10;
    const v = scale > 0 ? m / p : m;
    numberValue = negative ? -v : v;
  }
  return i;
}

/** At `t`, `f` or `n`: the index after the literal (0 when it is not `true`, `false` or `null`). */
function literalEnd(i: usize, e: usize): usize {
  const c = <u32>load<u8>(i);
  if (c == 116) return i + 4 <= e && load<u32>(i) == 0x65757274 ? i + 4 : 0;
  if (c == 102) return i + 5 <= e && load<u32>(i + 1) == 0x65736c61 ? i + 5 : 0;
  return i + 4 <= e && load<u32>(i) == 0x6c6c756e ? i + 4 : 0;
}

/** At a key of a skipped object: validate it and its colon, return the index of the value after them (0: invalid). */
@inline function keyAndColon(i: usize, e: usize): usize {
  if (byteAt(i, e) != 34) return 0;
  i = skipString(i + 1, e);
  if (i == 0) return 0;
  i = skipWs(i, e);
  if (byteAt(i, e) != 58) return 0;
  return skipWs(i + 1, e);
}

/**
 * At the first byte of a value: validate it and return the index after it; 0 when invalid, 1 when nested deeper
 * than the stack (the caller gives up).
 */
function skipValue(i: usize, e: usize): usize {
  let depth: usize = 0;
  while (true) {
    // A value starts at i.
    const c = byteAt(i, e);
    if (c == 34) {
      i = skipString(i + 1, e);
      if (i == 0) return 0;
    } else if (c == 123 || c == 91) {
      if (depth >= STACK_SIZE) return 1;
      store<u8>(STACK + depth, c == 123 ? 1 : 2);
      depth++;
      i = skipWs(i + 1, e);
      const n = byteAt(i, e);
      if (c == 123) {
        if (n == 125) {
          i++;
          depth--;
        } else {
          i = keyAndColon(i, e);
          if (i == 0) return 0;
          continue;
        }
      } else if (n == 93) {
        i++;
        depth--;
      } else continue;
    } else if (c == 45 || isDigit(c)) {
      i = numberEnd(i, e);
      if (i == 0) return 0;
    } else if (c == 116 || c == 102 || c == 110) {
      i = literalEnd(i, e);
      if (i == 0) return 0;
    } else return 0;
    // After a value: close containers, or pass a separator (and the next key) to the next value.
    while (true) {
      if (depth == 0) return i;
      i = skipWs(i, e);
      const n = byteAt(i, e);
      const top = <u32>load<u8>(STACK + depth - 1);
      if (n == 44) {
        i = skipWs(i + 1, e);
        if (top == 1) {
          i = keyAndColon(i, e);
          if (i == 0) return 0;
        }
        break;
      }
      if ((n == 125 && top == 1) || (n == 93 && top == 2)) {
        i++;
        depth--;
      } else return 0;
    }
  }
}

/** The index of the needed key equal to the bytes [s, s + length), or -1. */
function matchKey(s: usize, length: i32): i32 {
  for (let k = 0; k < keyCount; k++) {
    const entry = KEYS + (<usize>k << 3);
    if (load<i32>(entry + 4) != length) continue;
    const bytes = <usize>load<i32>(entry);
    let j = 0;
    while (j < length && load<u8>(s + j) == load<u8>(bytes + j)) j++;
    if (j == length) return k;
  }
  return -1;
}

/**
 * Scan the line [s, e): a JSON object with nothing but white space around it. Returns the number of records
 * written (matched keys, in document order), INVALID when the line is not valid JSON, GIVE_UP when this kernel
 * does not decide (see the header).
 */
export function scanObject(s: usize, e: usize): i32 {
  let i = skipWs(s, e);
  if (byteAt(i, e) != 123) return GIVE_UP;
  i = skipWs(i + 1, e);
  let records: i32 = 0;
  if (byteAt(i, e) == 125) i++;
  else {
    while (true) {
      if (byteAt(i, e) != 34) return INVALID;
      const ks = i + 1;
      i = skipString(ks, e);
      if (i == 0) return INVALID;
      if (escaped) return GIVE_UP;
      const key = keyCount == 0 ? -1 : matchKey(ks, <i32>(i - 1 - ks));
      i = skipWs(i, e);
      if (byteAt(i, e) != 58) return INVALID;
      i = skipWs(i + 1, e);
      const vs = i;
      const c = byteAt(i, e);
      let kind = 0;
      if (c == 34) {
        i = skipString(i + 1, e);
        if (i == 0) return INVALID;
        kind = escaped ? 2 : 1;
      } else if (c == 45 || isDigit(c)) {
        i = numberEnd(i, e);
        if (i == 0) return INVALID;
        kind = numberExact ? 3 : 4;
      } else if (c == 116 || c == 102 || c == 110) {
        i = literalEnd(i, e);
        if (i == 0) return INVALID;
        kind = c == 116 ? 5 : c == 102 ? 6 : 7;
      } else if (c == 123 || c == 91) {
        i = skipValue(i, e);
        if (i == 0) return INVALID;
        if (i == 1) return GIVE_UP;
        kind = c == 123 ? 8 : 9;
      } else return INVALID;
      if (key >= 0) {
        if (records == MAX_RECORDS) return GIVE_UP;
        if (kind == 1) kind = savedKind(key, vs, i);
        const r = RECORDS + (<usize>records << 4);
        store<i32>(r, key);
        store<i32>(r + 4, kind);
        store<i32>(r + 8, <i32>vs);
        store<i32>(r + 12, <i32>i);
        if (kind == 3) store<f64>(NUMBERS + (<usize>records << 3), numberValue);
        records++;
      }
      i = skipWs(i, e);
      const n = byteAt(i, e);
      if (n == 44) i = skipWs(i + 1, e);
      else if (n == 125) {
        i++;
        break;
      } else return INVALID;
    }
  }
  return skipWs(i, e) == e ? records : INVALID;
}
