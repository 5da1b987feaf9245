import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startFeedServer } from '../src/serve/index.js';

// One node server of bench/serve.bench.ts in a process of its own, as nginx is: its own event
// loop, heap and CPU account, and none of the benchmark's own work (generating the feed,
// reading wrk's output) in its way. Prints `{"url": ...}` once listening; stops on SIGTERM.
//   --kind syndicate   our server over --dir, as `syndicate serve` runs it
//   --kind bare        the ceiling for any node:http server: --dir/rss.xml and its gzip copy in
//                      memory, one fixed ETag, no checks, no negotiation

const { values } = parseArgs({
  options: { kind: { type: 'string' }, dir: { type: 'string' } },
});
const dir = values.dir ?? '';

async function startBare(): Promise<{ url: string; close: () => void }> {
  const plain = readFileSync(path.join(dir, 'rss.xml'));
  const packed = gzipSync(plain, { level: 9 });
  const etag = '"bare"';
  const server = http.createServer((req, res) => {
    if (req.headers['if-none-match'] === etag) return res.writeHead(304, { ETag: etag }).end();
    const gz = req.headers['accept-encoding'] === 'gzip';
    const body = gz ? packed : plain;
    res.writeHead(200, {
      'Content-Type': 'application/rss+xml',
      'Content-Length': body.length,
      ETag: etag,
      ...(gz ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

async function startOurs(): Promise<{ url: string; close: () => void }> {
  const server = await startFeedServer({ dir, port: 0, host: '127.0.0.1', maxAgeSeconds: 60 });
  return { url: server.url, close: () => void server.close() };
}

const running = values.kind === 'bare' ? await startBare() : await startOurs();
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
process.on('SIGTERM', () => {
  running.close();
  process.exit(0);
});
