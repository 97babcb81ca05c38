// Child process of es-network.source.test.ts (run with NODE_DEBUG=distill:elasticsearch): opens a point in time on
// the fake node given as argv[2] and closes it three times (the fake answers: closed, not found, failed), so the
// parent can read pit-reader.ts's debug log from stderr.
import { createReadOnlyClient } from '../../../../src/sources/elasticsearch/connection-options.js';
import { closePit, openPit } from '../../../../src/sources/elasticsearch/pit-reader.js';

const client = await createReadOnlyClient({ nodes: [process.argv[2]!], rejectUnauthorized: true, requestTimeoutMs: 5000, maxRetries: 0 });
const pit = await openPit(client, 'logs', '1m', new AbortController().signal);
for (let i = 0; i < 3; i++) await closePit(client, pit);
await client.close();
