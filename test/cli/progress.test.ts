import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createProgress } from '../../src/cli/progress.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

test('progress draws a line on a terminal and erases it before output', () => {
  const out = sink();
  const p = createProgress(out.stream, true);
  p.update({ done: 5 * 1048576, total: 20 * 1048576, unit: 'bytes' });
  p.update({ done: 6 * 1048576, total: 20 * 1048576, unit: 'bytes' }); // within 200 ms: not redrawn
  p.clear();
  assert.equal(out.text(), '\r\x1b[2Kreading 5.0 / 20.0 MB (25%)\r\x1b[2K');
});

test('progress stays silent when stderr is not a terminal', () => {
  const out = sink();
  const p = createProgress(out.stream, false);
  p.update({ done: 1, total: 2, unit: 'documents' });
  p.clear();
  assert.equal(out.text(), '');
});
