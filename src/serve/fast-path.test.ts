import net from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../test/temp-dir.js';
import { type RunningFeedServer, startFeedServer } from './start-feed-server.js';

// The fast path against node:http on real sockets: the same answers, in order, on one
// connection, whichever of the two writes them.

const running: RunningFeedServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

const FEED = `<rss version="2.0"><channel>${'<item><title>Story</title></item>'.repeat(300)}</channel></rss>\n`;
const BIG = 'x'.repeat(300_000);

async function serve() {
  const dir = await tempDir('syndicate-fast-');
  await writeTree(dir, { 'rss.xml': FEED, 'big.xml': BIG, 'atom.xml': '<feed/>' });
  const server = await startFeedServer({ dir, port: 0, host: '127.0.0.1', maxAgeSeconds: 60 });
  running.push(server);
  return Number(new URL(server.url).port);
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** Splits a stream of HTTP/1.1 answers (Content-Length framed; `heads` marks HEAD requests). */
function splitAnswers(bytes: Buffer, heads: readonly boolean[] = []): Answer[] {
  const out: Answer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const end = bytes.indexOf('\r\n\r\n', at);
    const [statusLine, ...lines] = bytes.toString('latin1', at, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 2);
    const status = Number(statusLine?.split(' ')[1]);
    const length = heads[out.length] || status === 304 ? 0 : Number(headers['content-length'] ?? 0);
    out.push({ status, headers, body: bytes.subarray(end + 4, end + 4 + length) });
    at = end + 4 + length;
  }
  return out;
}

/** Writes `chunks` on one connection (a pause between them) and collects until the server closes or `count` answers came. */
function exchange(port: number, chunks: readonly string[], count: number, heads: boolean[] = []) {
  return new Promise<{ answers: Answer[]; closedByServer: boolean }>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ answers: splitAnswers(Buffer.concat(received), heads), closedByServer });
    };
    socket.on('data', (d) => {
      received.push(d);
      try {
        if (splitAnswers(Buffer.concat(received), heads).length >= count) setTimeout(() => finish(false), 50);
      } catch {
        // an answer still arriving
      }
    });
    socket.on('end', () => finish(true));
    socket.on('error', reject);
    socket.on('connect', async () => {
      for (const c of chunks) {
        socket.write(c);
        await new Promise((r) => setTimeout(r, 30));
      }
    });
  });
}

const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

const withoutDate = (a: Answer) => {
  const { date, ...rest } = a.headers;
  return { status: a.status, headers: rest, body: a.body.toString('latin1') };
};

describe('the fast path', () => {
  it('answers exactly as node:http does, for 200, gzip, 304 and HEAD', async () => {
    const port = await serve();
    const first = (await exchange(port, [get('/rss.xml', 'Accept-Encoding: gzip\r\n')], 1)).answers[0];
    const etag = first?.headers.etag as string;
    // Content-Length: 0 is left to node:http: the same request, answered by the other writer.
    const requests = [
      get('/rss.xml'),
      get('/rss.xml', 'Accept-Encoding: gzip\r\n'),
      get('/rss.xml', `Accept-Encoding: gzip\r\nIf-None-Match: ${etag}\r\n`),
      `HEAD /rss.xml HTTP/1.1\r\nHost: x\r\n\r\n`,
    ];
    for (const [i, r] of requests.entries()) {
      const heads = [i === 3];
      const fast = (await exchange(port, [r], 1, heads)).answers[0] as Answer;
      const node = (await exchange(port, [r.replace(/\r\n\r\n$/, '\r\nContent-Length: 0\r\n\r\n')], 1, heads))
        .answers[0] as Answer;
      expect(withoutDate(fast), r).toEqual(withoutDate(node));
      expect(fast.headers.date).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    }
    expect(gunzipSync(first?.body as Buffer).toString()).toBe(FEED);
  });

  it('answers pipelined requests in order, handing the connection to node:http from the first it does not take', async () => {
    const port = await serve();
    const { answers } = await exchange(
      port,
      [get('/rss.xml') + get('/missing.xml') + get('/atom.xml') + get('/rss.xml', 'Connection: close\r\n')],
      4,
    );
    expect(answers.map((a) => a.status)).toEqual([200, 404, 200, 200]);
    expect(answers.map((a) => a.body.length)).toEqual([FEED.length, 'not found\n'.length, 7, FEED.length]);
  });

  it('puts a request with a body, and everything after it, to node:http', async () => {
    const port = await serve();
    const post = 'POST /rss.xml HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello';
    const { answers } = await exchange(port, [get('/atom.xml') + post + get('/atom.xml')], 3);
    expect(answers.map((a) => a.status)).toEqual([200, 405, 200]);
    expect(answers[1]?.headers.allow).toBe('GET, HEAD');
  });

  it('answers a head split across two packets (node:http does)', async () => {
    const port = await serve();
    const whole = get('/atom.xml') + get('/atom.xml');
    const { answers } = await exchange(port, [whole.slice(0, 20), whole.slice(20)], 2);
    expect(answers.map((a) => [a.status, a.body.toString()])).toEqual([
      [200, '<feed/>'],
      [200, '<feed/>'],
    ]);
  });

  it('holds pipelined requests while a file is read and compressed, then answers them in order', async () => {
    const port = await serve(); // nothing read yet: the first request waits for the disk and for gzip
    const gz = 'Accept-Encoding: gzip\r\n';
    const { answers } = await exchange(
      port,
      [get('/big.xml', gz) + get('/atom.xml') + get('/rss.xml', gz)],
      3,
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(gunzipSync(answers[0]?.body as Buffer).toString()).toBe(BIG);
    expect(answers[1]?.body.toString()).toBe('<feed/>');
    expect(gunzipSync(answers[2]?.body as Buffer).toString()).toBe(FEED);
  });

  it('closes the connection after an answer to Connection: close', async () => {
    const port = await serve();
    const { answers, closedByServer } = await exchange(port, [get('/atom.xml', 'Connection: close\r\n')], 1);
    expect(answers[0]?.headers.connection).toBe('close');
    expect(closedByServer).toBe(true);
  });

  it('keeps answering in order a client that pipelines faster than it reads', async () => {
    const port = await serve();
    const n = 40;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.pause(); // read nothing for a while: the server must stop reading too, not buffer 12 MB
    socket.write(Array.from({ length: n }, (_, i) => get(i % 2 ? '/big.xml' : '/atom.xml')).join(''));
    await new Promise((r) => setTimeout(r, 300));
    const received: Buffer[] = [];
    socket.on('data', (d) => received.push(d));
    socket.resume();
    const end = Date.now() + 10_000;
    let answers: Answer[] = [];
    while (answers.length < n && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
      answers = splitAnswers(Buffer.concat(received));
    }
    socket.destroy();
    expect(answers.map((a) => a.body.length)).toEqual(
      Array.from({ length: n }, (_, i) => (i % 2 ? BIG.length : 7)),
    );
  });
});
