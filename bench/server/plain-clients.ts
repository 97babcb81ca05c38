import http from 'node:http';

/**
 * Drive `n` requests at `method path` on a plain-HTTP server in this process, from `clients` keep-alive clients
 * sharing `agent`, each request with the bearer `token`; resolves when all are answered. Any status but 200 rejects.
 * Used by the in-process CPU benchmarks (middleware-cpu.ts, named-pipeline-cpu.ts).
 */
export async function driveClients(options: {
  readonly agent: http.Agent;
  readonly port: number;
  readonly method: string;
  readonly path: string;
  readonly token: string;
  readonly n: number;
  readonly clients?: number;
}): Promise<void> {
  const { agent, port, method, path, token } = options;
  let left = options.n;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, headers: { Authorization: `Bearer ${token}` }, agent }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`${method} ${path}: status ${res.statusCode}`));
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
  await Promise.all(
    Array.from({ length: options.clients ?? 16 }, async () => {
      while (left-- > 0) await one();
    }),
  );
}
