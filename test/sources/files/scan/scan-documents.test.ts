import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTextChunks } from '../../../../src/sources/files/open-chunks.js';
import fc from 'fast-check';
import { parseDocuments } from '../../../../src/sources/files/parse-documents.js';
import { scanDocuments } from '../../../../src/sources/files/scan/scan-documents.js';
import { scanModules } from '../../../../src/sources/files/scan/scan-modules.js';

const { tree } = scanModules();
const NEEDS = ['type', 'details.clicks', 'items.n'];

type Log = unknown[];

/** What a consumer observes: problems and batches in the order they arrive. */
async function observe(gen: AsyncIterable<{ doc: unknown; line: number }[]>, log: Log): Promise<Log> {
  for await (const batch of gen) log.push(['batch', batch.map((d) => [d.doc, d.line])]);
  return log;
}

async function viaScanner(bytes: Buffer, size: number, maxLength?: number): Promise<Log> {
  const log: Log = [];
  const chunks = (async function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  })();
  return observe(scanDocuments(chunks, tree.compileNeeds(NEEDS), (p) => log.push(['problem', p.code, p.line, p.message]), maxLength), log);
}

/**
 * The reference: the same byte chunks decoded and BOM-stripped as openTextChunks does → parseDocuments →
 * projection (its batches in the array layout follow the chunks, so both sides see the same chunks).
 */
async function viaReference(bytes: Buffer, size: number, maxLength?: number): Promise<Log> {
  const log: Log = [];
  const root = tree.compileNeeds(NEEDS);
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  const chunks = decodeTextChunks(pieces);
  for await (const batch of parseDocuments(chunks, (p) => log.push(['problem', p.code, p.line, p.message]), maxLength === undefined ? {} : { maxDocumentLength: maxLength })) {
    log.push([
      'batch',
      batch.map((d) => [d.doc === null || typeof d.doc !== 'object' || Array.isArray(d.doc) ? null : tree.projectParsed(d.doc, root), d.line]),
    ]);
  }
  return log;
}

const LINES = [
  '{"type":"click","details":{"clicks":2},"path":["a"]}',
  '{"type":"focus","items":[{"n":1},{"n":2}]}',
  '  {"type":"t\\u00e9"}\t',
  '[{"type":"a"},{"type":"b"},3]',
  '"just a string"',
  '',
  '   ',
  '\ufeff{"type":"bom"}',
  'not json',
  '{"type":"broken"',
  '{"type":"x",}',
  '{"type":"tab\there"}',
  '{"é":"ü","type":"😀"}',
  '{',
  '[',
  '  "type": "inside"',
  '}',
  ']',
  '{"type":"last"}',
  // The hardened reader's cases: cut lines, pretty-printed values, arrays across lines, raw breaks in strings.
  '{"type":"cut","details":{"clic',
  '  {"type":"indented"}',
  '[{"type":"open array"},',
  '  {"type":"element"},',
  '],',
  '{"type":"str',
  '{}',
  '[]',
  'null',
  '{"type":"a"} {"type":"b"}',
  '{"type":"a","details":{"clicks":[1,2,{"x":"}"}]}}',
  '"\\',
  '\ufeff',
];

test('fuzz: scanner batches, lines and problems equal the reference reader (projected) for any mix of lines', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof(fc.constantFrom(...LINES), fc.constantFrom(...LINES).map((l) => l.slice(0, Math.floor(l.length / 2)))), { maxLength: 300 }),
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
      fc.boolean(),
      fc.constantFrom(1, 3, 17, 64, 1 << 20),
      fc.nat(),
      fc.constantFrom(undefined, 30),
      async (lines, eol, bom, trailing, size, cut, maxLength) => {
        let text = (bom ? '\ufeff' : '') + lines.join(eol) + (trailing ? eol : '');
        if (cut % 5 === 0) text = text.slice(0, cut % (text.length + 1)); // truncated while being written
        const bytes = Buffer.from(text, 'utf8');
        assert.deepEqual(await viaScanner(bytes, size, maxLength), await viaReference(bytes, size, maxLength));
      },
    ),
    { numRuns: 1000, seed: 21 },
  );
});

test('many documents: batches close where the reference closes them (after the line reaching 128)', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) lines.push(i % 97 === 5 ? 'oops' : i % 50 === 0 ? `[${'{"type":"a"},'.repeat(7)}{"type":"z"}]` : `{"type":"t${i}"}`);
  const bytes = Buffer.from(lines.join('\n'));
  const got = await viaScanner(bytes, 4096);
  assert.deepEqual(got, await viaReference(bytes, 4096));
  assert.ok(got.filter((e) => (e as unknown[])[0] === 'batch').length > 5);
});

test('fuzz: invalid UTF-8 and characters cut by chunk boundaries, around broken lines, read as the reference reads them', async () => {
  const pieces: Buffer[] = [
    ...LINES.slice(0, 12).map((l) => Buffer.from(l)),
    Buffer.from('{"type":"é😀ü"}'),
    Buffer.from([0x7b, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xe2, 0x82, 0x22, 0x7d]), // {"type":"<bad>"}
    Buffer.from([0xc3, 0x80, 0x80, 0xff]),
    Buffer.from('{'),
    Buffer.from('  "type": "é"'),
    Buffer.from([0xf0, 0x9f, 0x98]), // a cut 4-byte character
  ];
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat(pieces.length - 1), { maxLength: 60 }), fc.constantFrom(1, 2, 5, 7, 64), fc.boolean(), async (picks, size, trailing) => {
      const parts: Buffer[] = [];
      for (const [i, p] of picks.entries()) parts.push(i === 0 ? pieces[p]! : Buffer.concat([Buffer.from('\n'), pieces[p]!]));
      if (trailing) parts.push(Buffer.from('\n'));
      const bytes = Buffer.concat(parts);
      assert.deepEqual(await viaScanner(bytes, size), await viaReference(bytes, size));
    }),
    { numRuns: 500, seed: 5 },
  );
});
