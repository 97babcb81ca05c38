// Exact batches, line numbers and switch points of the NDJSON line reader (ndjson-lines.ts) driven directly:
// trimming (spaces, tabs, CR, U+FEFF as bytes), blank lines, maxLength in bytes, what counts as line-oriented
// evidence, lines cut by chunk boundaries (mid-line, mid-character, mid-CRLF), the last line without a newline and the
// FAST_PATH_MAX wait. Every expected value is worked out by hand from the bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanModules } from '../../../../src/sources/files/scan/scan-modules.js';

const { tree, lines: linesModule } = scanModules();
const ROOT = tree.compileNeeds(['a', 'b', 'c']);
const MAX = linesModule.FAST_PATH_MAX;

type Switch = { offset: number; line: number; rest: string };

interface Outcome {
  /** The switch point (rest as latin1 text, so any byte is visible), or undefined. */
  found: Switch | undefined;
  docs: unknown[];
  lines: number[];
  read: number;
  oriented: boolean;
  pending: number;
}

const b = (text: string): Buffer => Buffer.from(text, 'utf8');
const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? b(p) : Buffer.from(p))));

/** Push the chunks (stopping at a switch), then end() unless a switch was met; the reader's whole state after. */
function read(chunks: Buffer[], maxLength = 1e9, end = true): Outcome {
  const reader = linesModule.createLineReader(ROOT, maxLength);
  let found;
  for (const chunk of chunks) {
    found = reader.push(chunk);
    if (found !== undefined) break;
  }
  if (found === undefined && end) found = reader.end();
  const { docs, lines } = reader.take();
  return {
    found: found === undefined ? undefined : { offset: found.offset, line: found.line, rest: found.rest.toString('latin1') },
    docs,
    lines,
    read: reader.lines(),
    oriented: reader.oriented(),
    pending: reader.pending(),
  };
}

test('whole lines in one chunk: documents with their lines, array lines yield their elements, blank lines counted', () => {
  const out = read([b('{"a":1,"x":9}\n[{"a":2},3,{"b":4}]\n\n  \t\r\n{"c":5}\r\n')]);
  assert.deepEqual(out, {
    found: undefined,
    docs: [{ a: 1 }, { a: 2 }, null, { b: 4 }, { c: 5 }],
    lines: [1, 2, 2, 2, 5],
    read: 5,
    oriented: true,
    pending: 0,
  });
});

test('take() hands the open batch over and starts an empty one', () => {
  const reader = linesModule.createLineReader(ROOT, 1e9);
  assert.equal(reader.push(b('{"a":1}\n')), undefined);
  assert.deepEqual(reader.take(), { docs: [{ a: 1 }], lines: [1] });
  assert.deepEqual(reader.take(), { docs: [], lines: [] });
  assert.equal(reader.push(b('{"b":2}\n')), undefined);
  assert.deepEqual(reader.take(), { docs: [{ b: 2 }], lines: [2] });
});

test('spaces, tabs, CR and whole byte-order marks are trimmed at both ends; a line of them is blank', () => {
  const out = read([bytes(' \t\r{"a":1}\t \r\n', [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], '{"b":2}', [0xef, 0xbb, 0xbf], ' \n', [0xef, 0xbb, 0xbf], ' \r', [0xef, 0xbb, 0xbf], '\n{"c":3}\n')]);
  assert.deepEqual(out, { found: undefined, docs: [{ a: 1 }, { b: 2 }, { c: 3 }], lines: [1, 2, 4], read: 4, oriented: true, pending: 0 });
});

test('a byte-order mark with any of its three bytes changed is no white space: the line is handed over', () => {
  const cases: [number[], string][] = [
    [[0x41, 0xbb, 0xbf], 'first byte'],
    [[0xef, 0x41, 0xbf], 'second byte'],
    [[0xef, 0xbb, 0x41], 'third byte'],
    [[0xef, 0xbb], 'two bytes only'],
  ];
  for (const [mark, label] of cases) {
    const lead = bytes('{"a":1}\n', mark, '{"b":2}\n{"c":3}\n');
    assert.deepEqual(
      read([lead]),
      { found: { offset: 8, line: 2, rest: bytes(mark, '{"b":2}\n{"c":3}\n').toString('latin1') }, docs: [{ a: 1 }], lines: [1], read: 2, oriented: true, pending: 0 },
      `leading, ${label}`,
    );
    const trail = bytes('{"a":1}\n{"b":2}', mark, '\n{"c":3}\n');
    assert.deepEqual(
      read([trail]),
      { found: { offset: 8, line: 2, rest: bytes('{"b":2}', mark, '\n{"c":3}\n').toString('latin1') }, docs: [{ a: 1 }], lines: [1], read: 2, oriented: true, pending: 0 },
      `trailing, ${label}`,
    );
  }
});

test('a line not starting with { or [ after trimming, or not valid JSON, is where the reference takes over', () => {
  for (const line of ['"x"', '42', 'null', 'true', '{', '[', '{"a":1,}', '{"a":1} {"b":2}', 'x{"a":1}', '}']) {
    assert.deepEqual(
      read([b(`{"a":1}\n\n${line}\n{"b":2}\n`)]),
      { found: { offset: 9, line: 3, rest: `${line}\n{"b":2}\n` }, docs: [{ a: 1 }], lines: [1], read: 3, oriented: true, pending: 0 },
      line,
    );
  }
});

test('maxLength counts the trimmed line in bytes: exactly the limit is read, one byte more is handed over', () => {
  // '{"a":1}' is 7 bytes; '{"a":"é"}' is 9 characters but 10 bytes.
  assert.deepEqual(read([b('  {"a":1}\t\r\n')], 7), { found: undefined, docs: [{ a: 1 }], lines: [1], read: 1, oriented: true, pending: 0 });
  assert.deepEqual(read([b('{"a":1}\n')], 6), { found: { offset: 0, line: 1, rest: '{"a":1}\n' }, docs: [], lines: [], read: 1, oriented: false, pending: 0 });
  assert.deepEqual(read([b('{"a":"é"}\n')], 10), { found: undefined, docs: [{ a: 'é' }], lines: [1], read: 1, oriented: true, pending: 0 });
  assert.deepEqual(read([b('{"a":"é"}\n')], 9), {
    found: { offset: 0, line: 1, rest: b('{"a":"é"}\n').toString('latin1') },
    docs: [],
    lines: [],
    read: 1,
    oriented: false,
    pending: 0,
  });
});

test('evidence: a line with something between its brackets proves the stream line-oriented; empty containers do not', () => {
  for (const [text, docs, lines] of [
    ['{}\n', [{}], [1]],
    ['[]\n', [], []],
    ['{ }\n', [{}], [1]],
    ['[ \t ]\n', [], []],
    [' {\t}  \n{}\n[]\n', [{}, {}], [1, 2]],
  ] as const) {
    assert.deepEqual(read([b(text)]), { found: undefined, docs, lines, read: text.split('\n').length - 1, oriented: false, pending: 0 }, text);
  }
  for (const [text, docs, lines] of [
    ['{"a":1}\n', [{ a: 1 }], [1]],
    ['{ "a":1}\n', [{ a: 1 }], [1]],
    ['[1]\n', [null], [1]],
    ['[ 1 ]\n', [null], [1]],
    ['{}\n[{}]\n{}\n', [{}, {}, {}], [1, 2, 3]],
  ] as const) {
    assert.deepEqual(read([b(text)]), { found: undefined, docs, lines, read: text.split('\n').length - 1, oriented: true, pending: 0 }, text);
  }
});

test('the last line without a newline is read by end(); an empty end reads nothing', () => {
  assert.deepEqual(read([b('{"a":1}\n{"b":2}')]), { found: undefined, docs: [{ a: 1 }, { b: 2 }], lines: [1, 2], read: 2, oriented: true, pending: 0 });
  assert.deepEqual(read([b('{"a":1}\n  ')]), { found: undefined, docs: [{ a: 1 }], lines: [1], read: 2, oriented: true, pending: 0 });
  assert.deepEqual(read([b('{"a":1}\n')]), { found: undefined, docs: [{ a: 1 }], lines: [1], read: 1, oriented: true, pending: 0 });
  assert.deepEqual(read([]), { found: undefined, docs: [], lines: [], read: 0, oriented: false, pending: 0 });
  assert.deepEqual(read([b('{"a":1}\n{"b":')]), { found: { offset: 8, line: 2, rest: '{"b":' }, docs: [{ a: 1 }], lines: [1], read: 2, oriented: true, pending: 0 });
  assert.deepEqual(read([b('{"a":1}\n{"b"'), b(':'), b('x')]), { found: { offset: 8, line: 2, rest: '{"b":x' }, docs: [{ a: 1 }], lines: [1], read: 2, oriented: true, pending: 0 });
});

test('lines cut by chunk boundaries: pending bytes are held until the line ends (mid-line, mid-character, mid-CRLF)', () => {
  const reader = linesModule.createLineReader(ROOT, 1e9);
  const steps: [Buffer, number, number][] = [
    // chunk, pending() after, lines() after
    [b('{"a":1}\r'), 8, 0],
    [b('\n{"b":"'), 6, 1],
    [Buffer.from([0xc3]), 7, 1],
    [Buffer.from([0xa9]), 8, 1],
    [b('"}'), 10, 1],
    [b(''), 10, 1],
    [b('\n'), 0, 2],
    [b('{"c"'), 4, 2],
    [b(':3}\n{'), 1, 3],
  ];
  for (const [chunk, pending, lines] of steps) {
    assert.equal(reader.push(chunk), undefined);
    assert.deepEqual([reader.pending(), reader.lines()], [pending, lines], chunk.toString('latin1'));
  }
  assert.deepEqual(reader.take(), { docs: [{ a: 1 }, { b: 'é' }, { c: 3 }], lines: [1, 2, 3] });
  assert.deepEqual(reader.end(), { offset: 28, line: 4, rest: b('{') });
  assert.deepEqual([reader.pending(), reader.lines(), reader.oriented()], [0, 4, true]);
});

test('the reader keeps no view of a chunk it was fed: the caller may refill it (the workers read into one buffer)', () => {
  const reader = linesModule.createLineReader(ROOT, 1e9);
  const buf = Buffer.alloc(16);
  const feed = (text: string): ReturnType<typeof reader.push> => {
    buf.fill(0x78); // 'x': what a refill would leave in the bytes a held view still pointed at
    const n = buf.write(text, 'latin1');
    return reader.push(buf.subarray(0, n));
  };
  // A line's start held from one chunk, the middle of it a whole chunk without a newline, its end in a third.
  for (const part of ['{"a":1}\n{', '"b":"12', '345678', '9"}\n{"c"', ':3}\n']) assert.equal(feed(part), undefined);
  assert.deepEqual(reader.take(), { docs: [{ a: 1 }, { b: '123456789' }, { c: 3 }], lines: [1, 2, 3] });
  assert.equal(reader.pending(), 0);
});

test('every byte its own chunk: the same documents and lines as one chunk', () => {
  const text = b('{"a":"é"}\r\n\n[{"b":2},{"c":3}]\n \uFEFF{"c":"😀"}');
  const reader = linesModule.createLineReader(ROOT, 1e9);
  for (let i = 0; i < text.length; i++) assert.equal(reader.push(text.subarray(i, i + 1)), undefined);
  assert.equal(reader.end(), undefined);
  assert.deepEqual(reader.take(), { docs: [{ a: 'é' }, { b: 2 }, { c: 3 }, { c: '😀' }], lines: [1, 3, 3, 4] });
  assert.equal(reader.lines(), 4);
});

test('switch offsets count every byte fed before the line, across chunks', () => {
  assert.deepEqual(read([b('{"a":1}\n'), b('{"b":2}\n'), b('x\n{"c":3}\n')]), {
    found: { offset: 16, line: 3, rest: 'x\n{"c":3}\n' },
    docs: [{ a: 1 }, { b: 2 }],
    lines: [1, 2],
    read: 3,
    oriented: true,
    pending: 0,
  });
  // The broken line is finished by the next chunk: its bytes and the rest of that chunk are handed over.
  assert.deepEqual(read([b('{"a":1}\n{"a"'), b(',\n{"b":2}\n')]), {
    found: { offset: 8, line: 2, rest: '{"a",\n{"b":2}\n' },
    docs: [{ a: 1 }],
    lines: [1],
    read: 2,
    oriented: true,
    pending: 0,
  });
  // The pending line is fine; a later line of the same chunk is broken.
  assert.deepEqual(read([b('{"a"'), b(':1}\n{"b":2}\nbad\n{"c":3}\n')]), {
    found: { offset: 16, line: 3, rest: 'bad\n{"c":3}\n' },
    docs: [{ a: 1 }, { b: 2 }],
    lines: [1, 2],
    read: 3,
    oriented: true,
    pending: 0,
  });
  // A pending line after consumed lines, finished and broken in a later chunk.
  assert.deepEqual(read([b('{"a":1}\n{"b":2}\n{'), b('"c"'), b('}\n{"c":3}\n')]), {
    found: { offset: 16, line: 3, rest: '{"c"}\n{"c":3}\n' },
    docs: [{ a: 1 }, { b: 2 }],
    lines: [1, 2],
    read: 3,
    oriented: true,
    pending: 0,
  });
});

test('FAST_PATH_MAX: a complete line of fewer bytes is read, a line of that many bytes is handed over', () => {
  assert.equal(MAX, 1048576);
  const padded = (length: number): Buffer => Buffer.concat([b('{"a":1}'), Buffer.alloc(length - 7, 0x20)]);
  const nl = b('\n');
  // In one chunk with its newline.
  let out = read([Buffer.concat([padded(MAX - 1), nl, b('{"b":2}\n')])]);
  assert.deepEqual(out, { found: undefined, docs: [{ a: 1 }, { b: 2 }], lines: [1, 2], read: 2, oriented: true, pending: 0 });
  const whole = Buffer.concat([padded(MAX), nl, b('{"b":2}\n')]);
  out = read([whole]);
  assert.deepEqual(out, { found: { offset: 0, line: 1, rest: whole.toString('latin1') }, docs: [], lines: [], read: 1, oriented: false, pending: 0 });
  // Finished by a later chunk.
  out = read([padded(MAX - 1), nl]);
  assert.deepEqual(out, { found: undefined, docs: [{ a: 1 }], lines: [1], read: 1, oriented: true, pending: 0 });
  out = read([padded(MAX - 1), b(' \n{"b":2}\n')]);
  assert.deepEqual(out, {
    found: { offset: 0, line: 1, rest: Buffer.concat([padded(MAX), nl, b('{"b":2}\n')]).toString('latin1') },
    docs: [],
    lines: [],
    read: 1,
    oriented: false,
    pending: 0,
  });
});

test('FAST_PATH_MAX: an unfinished line stops the wait once that many bytes are held', () => {
  const pad = (n: number): Buffer => Buffer.alloc(n, 0x20);
  // One chunk of MAX - 1 bytes without a newline is held; MAX bytes are handed over at once.
  let out = read([pad(MAX - 1)], 1e9, false);
  assert.deepEqual(out, { found: undefined, docs: [], lines: [], read: 0, oriented: false, pending: MAX - 1 });
  out = read([pad(MAX)], 1e9, false);
  assert.deepEqual(out, { found: { offset: 0, line: 1, rest: pad(MAX).toString('latin1') }, docs: [], lines: [], read: 1, oriented: false, pending: 0 });
  // Held across chunks: MAX - 2 then 1 byte is still held; one more byte reaches the limit.
  out = read([pad(MAX - 2), pad(1)], 1e9, false);
  assert.deepEqual(out, { found: undefined, docs: [], lines: [], read: 0, oriented: false, pending: MAX - 1 });
  out = read([pad(MAX - 2), pad(1), b('x')], 1e9, false);
  assert.deepEqual(out, { found: { offset: 0, line: 1, rest: Buffer.concat([pad(MAX - 1), b('x')]).toString('latin1') }, docs: [], lines: [], read: 1, oriented: false, pending: 0 });
  // After whole lines: the offset of the unfinished line.
  out = read([Buffer.concat([b('{"a":1}\n'), pad(MAX - 1)])], 1e9, false);
  assert.deepEqual(out, { found: undefined, docs: [{ a: 1 }], lines: [1], read: 1, oriented: true, pending: MAX - 1 });
  out = read([Buffer.concat([b('{"a":1}\n'), pad(MAX)])], 1e9, false);
  assert.deepEqual(out, { found: { offset: 8, line: 2, rest: pad(MAX).toString('latin1') }, docs: [{ a: 1 }], lines: [1], read: 2, oriented: true, pending: 0 });
  out = read([b('{"a":1}\n'), pad(MAX - 1), b('xy')], 1e9, false);
  assert.deepEqual(out, { found: { offset: 8, line: 2, rest: Buffer.concat([pad(MAX - 1), b('xy')]).toString('latin1') }, docs: [{ a: 1 }], lines: [1], read: 2, oriented: true, pending: 0 });
});
