// The bare baseline: Node readline over the file, JSON.parse every line, count by `type`. Nothing else.
//   node bare-parse-count-by.mjs <file>   →  {"total": n, "groups": k}
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const counts = new Map();
let total = 0;
for await (const line of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  const doc = JSON.parse(line);
  counts.set(doc.type, (counts.get(doc.type) ?? 0) + 1);
  total++;
}
process.stdout.write(JSON.stringify({ total, groups: counts.size }));
