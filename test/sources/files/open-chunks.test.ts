import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { crc32, gzipSync } from 'node:zlib';
import { descriptorsOn } from '../../helpers/descriptors.js';
import { CHUNK, isGzip, openByteChunks, openTextChunks, SMALL_FILE_BYTES, type OpenChunksOptions } from '../../../src/sources/files/open-chunks.js';

// Reading files as text on a real file system: gzip by magic bytes, the BOM, characters split across reads, cut gzip
// streams, byte counts and the errors that name the file.

let dir = '';
const at = (name: string) => path.join(dir, name);
async function text(file: string, options?: OpenChunksOptions): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of openTextChunks(file, options)) out.push(chunk);
  return out;
}
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-chunks-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('plain text as it is; a UTF-8 BOM at the start is dropped, one later is kept', async () => {
  await writeFile(at('bom.json'), '\uFEFF{"a":1}\n\uFEFF');
  assert.deepEqual(await text(at('bom.json')), ['{"a":1}\n\uFEFF']);
  await writeFile(at('plain.json'), '{"b":2}\n');
  assert.deepEqual(await text(at('plain.json')), ['{"b":2}\n']);
});

test('gzip is recognised by its magic bytes whatever the name; a one-byte or empty file is not gzip', async () => {
  await writeFile(at('data.txt'), gzipSync('{"z":1}\n'));
  assert.equal(await isGzip(at('data.txt')), true);
  assert.deepEqual(await text(at('data.txt')), ['{"z":1}\n']);
  await writeFile(at('one'), Buffer.from([0x1f]));
  assert.equal(await isGzip(at('one')), false);
  await writeFile(at('empty.json'), '');
  assert.equal(await isGzip(at('empty.json')), false);
  assert.deepEqual(await text(at('empty.json')), []);
  await writeFile(at('half-magic'), Buffer.from([0x1f, 0x00]));
  assert.equal(await isGzip(at('half-magic')), false);
  await writeFile(at('other-magic'), Buffer.from([0x00, 0x8b]));
  assert.equal(await isGzip(at('other-magic')), false);
});

test('a character split across the 1 MiB reads comes out whole; byte counts add up to the file size', async () => {
  const body = `${'a'.repeat((1 << 20) - 1)}é${'b'.repeat(10)}`; // é is two bytes: the first read ends inside it
  await writeFile(at('big.json'), body);
  let bytes = 0;
  const chunks = await text(at('big.json'), { onBytes: (n) => (bytes += n) });
  assert.equal(chunks.join(''), body);
  assert.equal(chunks[0]!.length, (1 << 20) - 1);
  assert.equal(bytes, Buffer.byteLength(body));
});

test('a cut gzip stream: everything before the cut is read, then onDamagedGzip hears why; without it, source_unavailable', async () => {
  const whole = gzipSync(`${'{"n":1}\n'.repeat(1000)}`);
  await writeFile(at('cut.json.gz'), whole.subarray(0, whole.length - 8));
  const messages: string[] = [];
  const read = (await text(at('cut.json.gz'), { onDamagedGzip: (m) => messages.push(m), name: 'cut.json.gz' })).join('');
  assert.equal(read, '{"n":1}\n'.repeat(1000));
  assert.equal(messages.length, 1);
  assert.equal(messages[0], 'cut.json.gz: the gzip data is cut or damaged (unexpected end of file); every complete document before the damage was read');
  await assert.rejects(text(at('cut.json.gz'), { name: 'cut.json.gz' }), (e: Error & { code?: string; details?: unknown; cause?: { code?: string } }) => {
    assert.equal(e.code, 'source_unavailable');
    assert.equal(e.message, 'cut.json.gz: the gzip data is cut or damaged (unexpected end of file); every complete document before the damage was read');
    assert.deepEqual(e.details, { file: 'cut.json.gz' });
    assert.equal(e.cause?.code, 'Z_BUF_ERROR');
    return true;
  });
});

test('a missing file or a directory: source_unavailable naming the file and the system error', async () => {
  await assert.rejects(text(at('missing.json'), { name: 'missing.json' }), (e: unknown) => {
    const err = e as { code: string; message: string; details: unknown };
    assert.equal(err.code, 'source_unavailable');
    assert.match(err.message, /^Cannot read missing\.json: ENOENT \(ENOENT: no such file or directory, open '.*missing\.json'\)\. Check that it is a readable file\.$/);
    assert.deepEqual(err.details, { file: 'missing.json', errno: 'ENOENT' });
    return true;
  });
  await assert.rejects(text(dir), (e: unknown) => {
    const err = e as { code: string; message: string };
    assert.equal(err.code, 'source_unavailable');
    assert.match(err.message, new RegExp(`^Cannot read ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: EISDIR `));
    return true;
  });
  await assert.rejects(isGzip(at('missing.json'), 'shown-name'), { code: 'source_unavailable', message: /^Cannot read shown-name: ENOENT/ });
});

test('an abort signal ends the read with the AbortError itself, not a source error', async () => {
  await writeFile(at('abort.json'), 'x'.repeat(3 << 20));
  const controller = new AbortController();
  const it = openTextChunks(at('abort.json'), { signal: controller.signal });
  await it.next();
  controller.abort();
  await assert.rejects(it.next(), { name: 'AbortError' });
});

test('small plain files come in one chunk read at once, larger ones and gzip through the stream: the same bytes either way', async () => {
  const bytes = async (file: string, options?: OpenChunksOptions): Promise<Buffer[]> => {
    const out: Buffer[] = [];
    for await (const chunk of openByteChunks(file, options)) out.push(chunk);
    return out;
  };
  const line = '{"type":"click","n":1}\n';
  const exact = line.repeat(Math.floor(SMALL_FILE_BYTES / line.length)) + 'x'.repeat(SMALL_FILE_BYTES % line.length);
  assert.equal(exact.length, SMALL_FILE_BYTES);
  await writeFile(at('small-limit.ndjson'), exact);
  await writeFile(at('over-limit.ndjson'), `${exact}y`);
  await writeFile(at('empty.ndjson'), '');
  await writeFile(at('small.ndjson.gz'), gzipSync(line));
  const seen: number[] = [];
  const small = await bytes(at('small-limit.ndjson'), { onBytes: (n) => seen.push(n) });
  assert.deepEqual([small.length, small[0]!.toString('utf8') === exact, seen], [1, true, [SMALL_FILE_BYTES]]);
  const over = await bytes(at('over-limit.ndjson'));
  assert.deepEqual([over.length, Buffer.concat(over).toString('utf8') === `${exact}y`, SMALL_FILE_BYTES + 1 <= CHUNK], [1, true, true]);
  assert.deepEqual(await bytes(at('empty.ndjson')), []);
  assert.deepEqual((await bytes(at('small.ndjson.gz'))).map((b) => b.toString('utf8')), [line]);
  await assert.rejects(bytes(at('absent.ndjson')), (e: Error & { code?: string }) => e.code === 'source_unavailable' && e.message.startsWith(`Cannot read ${at('absent.ndjson')}: ENOENT`));
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(bytes(at('small-limit.ndjson'), { signal: aborted.signal }), (e: Error) => e.name === 'AbortError');
});

test('only the first read may drop a BOM; a character left incomplete at the end comes out as U+FFFD, with no empty chunk', async () => {
  const MiB = 1 << 20;
  await writeFile(at('late-bom.json'), `${'a'.repeat(MiB)}\uFEFFx`);
  assert.deepEqual(await text(at('late-bom.json')), ['a'.repeat(MiB), '\uFEFFx']);
  await writeFile(at('cut-char.json'), Buffer.concat([Buffer.from('a'.repeat(MiB)), Buffer.from([0xc3])]));
  assert.deepEqual(await text(at('cut-char.json')), ['a'.repeat(MiB), '\uFFFD']);
});

test('damaged (not cut) gzip data: onDamagedGzip hears it, and what came before is kept', async () => {
  const whole = gzipSync(Buffer.from('{"n":1}\n'.repeat(100)));
  const damaged = Buffer.from(whole);
  damaged[3] = 0xff; // reserved flag bits set in the gzip header: zlib reports Z_DATA_ERROR
  await writeFile(at('damaged.json.gz'), damaged);
  const messages: string[] = [];
  assert.deepEqual(await text(at('damaged.json.gz'), { onDamagedGzip: (m) => messages.push(m), name: 'damaged.json.gz' }), []);
  assert.deepEqual(messages, ['damaged.json.gz: the gzip data is cut or damaged (unknown header flags set); every complete document before the damage was read']);
});

async function bytesOf(file: string, options?: OpenChunksOptions): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of openByteChunks(file, options)) out.push(chunk);
  return out;
}

/**
 * Ask for the first chunk, then (synchronously, before any I/O callback can run) overwrite the file: a small plain
 * file is read in that first call and comes out as it was; the stream path opens and reads later and sees the new
 * content.
 */
async function readOverwrittenAfterFirstCall(file: string, content: Buffer): Promise<string> {
  await writeFile(file, content);
  const it = openByteChunks(file)[Symbol.asyncIterator]();
  const first = it.next();
  writeFileSync(file, 'overwritten');
  const out: Buffer[] = [];
  for (let r = await first; r.done !== true; r = await it.next()) out.push(r.value);
  return Buffer.concat(out).toString('latin1');
}

test('the one-call read: small plain files up to the limit are read in the first call, larger files and gzip through the stream', async () => {
  const limit = Buffer.alloc(SMALL_FILE_BYTES, 'x');
  assert.equal(await readOverwrittenAfterFirstCall(at('race-limit.json'), limit), limit.toString('latin1'));
  assert.equal(await readOverwrittenAfterFirstCall(at('race-over.json'), Buffer.alloc(SMALL_FILE_BYTES + 1, 'x')), 'overwritten');
  assert.equal(await readOverwrittenAfterFirstCall(at('race-gzip.json'), gzipSync('{"a":1}\n')), 'overwritten');
  // Only both magic bytes make gzip: each one alone, or one byte, is plain text read at once.
  assert.equal(await readOverwrittenAfterFirstCall(at('race-1f.json'), Buffer.from([0x1f, 0x00, 0x41])), '\x1f\x00A');
  assert.equal(await readOverwrittenAfterFirstCall(at('race-8b.json'), Buffer.from([0x00, 0x8b, 0x41])), '\x00\x8bA');
  assert.equal(await readOverwrittenAfterFirstCall(at('race-one.json'), Buffer.from([0x1f])), '\x1f');
});

test('just the two gzip magic bytes are a gzip stream cut at once, not two bytes of text', async () => {
  await writeFile(at('magic-only.gz'), Buffer.from([0x1f, 0x8b]));
  const messages: string[] = [];
  assert.deepEqual(await bytesOf(at('magic-only.gz'), { onDamagedGzip: (m) => messages.push(m), name: 'magic-only.gz' }), []);
  assert.deepEqual(messages, ['magic-only.gz: the gzip data is cut or damaged (unexpected end of file); every complete document before the damage was read']);
});

test('a file whose size the system under-reports (Linux /proc) is read whole, not cut at the reported size', async () => {
  const expected = readFileSync('/proc/self/mountinfo');
  assert.ok(expected.length > 1);
  // mountinfo of this process stays the same between the two reads; fstat reports its size as 0
  assert.equal(Buffer.concat(await bytesOf('/proc/self/mountinfo')).toString('utf8'), expected.toString('utf8'));
});

test('no descriptor is left open: after a whole read, after the gzip sniff, and after a gzip read given up early', async () => {
  await writeFile(at('fd-small.json'), '{"a":1}\n');
  assert.deepEqual((await bytesOf(at('fd-small.json'))).map(String), ['{"a":1}\n']);
  assert.equal(descriptorsOn(at('fd-small.json')), 0);
  assert.equal(await isGzip(at('fd-small.json')), false);
  assert.equal(descriptorsOn(at('fd-small.json')), 0);
  await writeFile(at('fd-big.json.gz'), gzipSync(randomBytes(4 << 20)));
  for await (const chunk of openByteChunks(at('fd-big.json.gz'))) {
    assert.ok(chunk.length > 0);
    assert.equal(descriptorsOn(at('fd-big.json.gz')), 1);
    break;
  }
  // The descriptor is closed asynchronously (the thread pool): wait for it, as long as it takes.
  for (let i = 0; i < 500 && descriptorsOn(at('fd-big.json.gz')) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(descriptorsOn(at('fd-big.json.gz')), 0);
});

test('an abort while a gzip file is read ends the read with the AbortError itself', async () => {
  await writeFile(at('abort.json.gz'), gzipSync(randomBytes(4 << 20)));
  // With and without onDamagedGzip: an abort is no damage, so neither the callback nor a source error comes of it.
  for (const onDamagedGzip of [undefined, () => assert.fail('an abort is no damage')]) {
    const controller = new AbortController();
    const read = async () => {
      for await (const _ of openByteChunks(at('abort.json.gz'), { signal: controller.signal, onDamagedGzip, name: 'abort.json.gz' })) controller.abort();
    };
    await assert.rejects(read(), (e: Error & { code?: string }) => [e.name, e.code].join() === 'AbortError,ABORT_ERR');
  }
});

test('gunzipped text comes in 1 MiB chunks, as plain text does', async () => {
  await writeFile(at('three.json.gz'), gzipSync(Buffer.alloc(3 * CHUNK, 'a')));
  assert.deepEqual((await bytesOf(at('three.json.gz'))).map((b) => b.length), [CHUNK, CHUNK, CHUNK]);
});

test('a BOM split from the first gunzipped chunk is still dropped: the first chunk that decodes to text decides', async () => {
  // A hand-made gzip member: a file name long enough that the first 1 MiB read ends right after a stored block
  // holding only the BOM's first byte, then a final stored block with the rest.
  const data = Buffer.from('\uFEFF{"a":1}\n');
  const stored = (final: boolean, bytes: Buffer) => Buffer.concat([Buffer.from([final ? 1 : 0, bytes.length & 0xff, bytes.length >> 8, ~bytes.length & 0xff, (~bytes.length >> 8) & 0xff]), bytes]);
  const header = Buffer.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 0xff]);
  const first = stored(false, data.subarray(0, 1));
  const name = Buffer.concat([Buffer.alloc(CHUNK - header.length - 1 - first.length, 'n'), Buffer.from([0])]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length, 4);
  await writeFile(at('split-bom.json.gz'), Buffer.concat([header, name, first, stored(true, data.subarray(1)), trailer]));
  assert.deepEqual((await bytesOf(at('split-bom.json.gz'))).map((b) => [...b]), [[0xef], [...data.subarray(1)]]);
  assert.deepEqual(await text(at('split-bom.json.gz')), ['{"a":1}\n']);
});

test('a path Node itself rejects (a NUL byte) fails with Node\'s own error, not as an unreadable file', async () => {
  await assert.rejects(bytesOf(at('nul\0.json')), { code: 'ERR_INVALID_ARG_VALUE' });
  await assert.rejects(isGzip(at('nul\0.json')), { code: 'ERR_INVALID_ARG_VALUE' });
});
