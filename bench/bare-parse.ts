import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** The baseline: read the file in 1 MiB chunks, split lines, JSON.parse each, count. Nothing else. */
export async function bareParse(file: string): Promise<number> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let n = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const text = carry + decoder.write(chunk as Buffer);
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) break;
      if (nl > pos) {
        JSON.parse(text.slice(pos, nl));
        n++;
      }
      pos = nl + 1;
    }
    carry = text.slice(pos);
  }
  if (carry.trim() !== '') {
    JSON.parse(carry);
    n++;
  }
  return n;
}

