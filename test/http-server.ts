import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// Real HTTP servers for tests, on loopback only (got's test/helpers/with-server.ts does the same).
// Every server counts what it receives, so a test can assert that nothing was asked at all.

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  /** `http://127.0.0.1:<port>` (or the host it listens on), no trailing slash. */
  readonly origin: string;
  readonly port: number;
  /** Requests seen, in order: method, path and headers. */
  readonly requests: {
    readonly method: string;
    readonly path: string;
    readonly headers: IncomingMessage['headers'];
  }[];
  /** TCP connections accepted, requests or not: the canary's measure. */
  connections(): number;
  /** Body bytes handed to the socket by handlers that count them (see `countBytes`). */
  bytesSent: number;
  close(): Promise<void>;
}

const LOOPBACK = /^127\.\d+\.\d+\.\d+$/;
const open: TestServer[] = [];

// Under vitest, every server closes after its test; the benchmark (plain tsx) closes its own.
if (process.env.VITEST) {
  const { afterEach } = await import('vitest');
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
}

/**
 * Listens on a loopback address only: a test that asked for anything else would be a test
 * that could send packets off this machine.
 */
export async function startServer(handler: Handler, host = '127.0.0.1', port = 0): Promise<TestServer> {
  if (!LOOPBACK.test(host)) throw new Error(`test servers listen on 127.0.0.0/8 only, not ${host}`);
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((req, res) => {
    self.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  const self: TestServer = {
    origin: `http://${host}:${actual}`,
    port: actual,
    requests: [],
    connections: () => connections,
    bytesSent: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  open.push(self);
  return self;
}
