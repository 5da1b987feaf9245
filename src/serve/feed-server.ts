import { realpathSync } from 'node:fs';
import http from 'node:http';
import { SyndicateError } from '../syndicate-error.js';
import { chooseCoding } from './accept-encoding.js';
import { isNotModified } from './conditional.js';
import { attachFastPath, type Found } from './fast-path.js';
import { FileCache } from './file-cache.js';
import { LISTED_FEEDS, renderListing } from './listing.js';
import { makeRepresentation, type Representation, type Variant, variantFor } from './representation.js';
import { resolveRequestPath } from './request-path.js';

// HTTP/1.1 over the published folder. A plain GET or HEAD of a published file is answered by
// the fast path (fast-path.ts) with ready bytes; node:http answers everything else, with the
// handler below. Both take the same representations, variants and headers.

/** What `/healthz` reports; the scheduler fills it in. */
export interface HealthReport {
  readonly ok: boolean;
  readonly lastBuild?: {
    readonly at: string;
    readonly ok: boolean;
    readonly durationMs?: number;
    readonly error?: string;
  };
  readonly [key: string]: unknown;
}

export interface FeedServerOptions {
  readonly dir: string;
  /** Tie it to the schedule: a client has no reason to poll more often than builds run. */
  readonly maxAgeSeconds: number;
  readonly health?: () => HealthReport;
  /** How stale a cached file's check may be before a request looks at the disk again. */
  readonly revalidateMs?: number;
  readonly maxCacheBytes?: number;
  /** Called with errors answered by 500, for the service's log. */
  readonly onError?: (err: unknown, target: string) => void;
}

export interface FeedServer {
  readonly server: http.Server;
  /** After an in-process publish: the next request of every path checks the disk. */
  invalidate(): void;
  /** Closes idle connections, the fast path's and node:http's, and answers later ones with Connection: close. */
  closeIdleConnections(): void;
  closeAllConnections(): void;
}

export const HEALTH_PATH = '/healthz';
const ALLOWED = 'GET, HEAD';

export function createFeedServer(opts: FeedServerOptions): FeedServer {
  let root: string;
  try {
    root = realpathSync(opts.dir);
  } catch (err) {
    throw new SyndicateError('IO', `${opts.dir}: cannot serve a folder that does not exist`, err);
  }
  if (!Number.isFinite(opts.maxAgeSeconds) || opts.maxAgeSeconds < 0)
    throw new SyndicateError(
      'CONFIG',
      `serve: maxAgeSeconds must be a number ≥ 0, not ${opts.maxAgeSeconds}`,
    );
  const cacheControl = `public, max-age=${Math.floor(opts.maxAgeSeconds)}`;
  const cache = new FileCache({
    root,
    cacheControl,
    revalidateMs: opts.revalidateMs ?? 250,
    maxBytes: opts.maxCacheBytes ?? 64e6,
  });
  // Request targets and Accept-Encoding values repeat: parse each distinct one once.
  const resolvePath = memoize(resolveRequestPath);
  const choose = memoize((header: string) => chooseCoding(header));
  let listing: { key: string; rep: Representation } | undefined;

  async function lookup(rel: string): Promise<Representation | undefined> {
    const rep = await cache.get(rel);
    if (rep || rel !== 'index.html') return rep;
    const present: string[] = [];
    for (const feed of LISTED_FEEDS)
      if (cache.fresh(feed.path) ?? (await cache.get(feed.path))) present.push(feed.path);
    const key = present.join(' ');
    if (listing?.key !== key) {
      const body = Buffer.from(renderListing(present));
      listing = { key, rep: makeRepresentation(body, { type: 'text/html; charset=utf-8', cacheControl }) };
    }
    return listing.rep;
  }

  function send(req: http.IncomingMessage, res: http.ServerResponse, rep: Representation, v: Variant) {
    if (isNotModified(req.headers, v.etag, rep.modifiedSec)) {
      res.writeHead(304, v.notModified);
      res.end();
    } else {
      res.writeHead(200, v.ok);
      res.end(v.body); // node:http drops the body of an answer to HEAD, keeping Content-Length
    }
  }

  function variantOf(rel: string, rep: Representation, acceptEncoding: string) {
    const coding = choose(acceptEncoding);
    return listing?.rep === rep ? variantFor(rep, coding) : cache.variant(rel, rep, coding);
  }

  function answer(req: http.IncomingMessage, res: http.ServerResponse, rel: string, rep: Representation) {
    const v = variantOf(rel, rep, req.headers['accept-encoding'] ?? '');
    if (v instanceof Promise) v.then((ready) => send(req, res, rep, ready), fail(req, res));
    else send(req, res, rep, v);
  }

  /** The fast path's question: a published file and its variant, or undefined for node:http to answer. */
  function find(target: string, acceptEncoding: string): Found | Promise<Found | undefined> | undefined {
    if (target === HEALTH_PATH || target.startsWith(`${HEALTH_PATH}?`)) return undefined;
    const rel = resolvePath(target);
    if (rel === undefined) return undefined;
    const found = (rep: Representation): Found | Promise<Found> => {
      const v = variantOf(rel, rep, acceptEncoding);
      return v instanceof Promise ? v.then((ready) => ({ rep, v: ready })) : { rep, v };
    };
    const rep = cache.fresh(rel);
    if (rep) return found(rep);
    return lookup(rel).then((rep) => (rep ? found(rep) : undefined));
  }

  function fail(req: http.IncomingMessage, res: http.ServerResponse) {
    return (err: unknown) => {
      opts.onError?.(err, req.url ?? '');
      if (res.headersSent) res.destroy();
      else sendText(res, 500, 'internal error');
    };
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendText(res, 405, 'method not allowed', ALLOWED);
    const target = req.url ?? '/';
    if (target === HEALTH_PATH || target.startsWith(`${HEALTH_PATH}?`)) return sendHealth(res, opts.health);
    const rel = resolvePath(target);
    if (rel === undefined) return sendText(res, 404, 'not found');
    const rep = cache.fresh(rel);
    if (rep) return answer(req, res, rel, rep);
    lookup(rel).then(
      (found) => (found ? answer(req, res, rel, found) : sendText(res, 404, 'not found')),
      fail(req, res),
    );
  }

  // Answers need no request body, so a client that is slow to send its headers is only holding a socket.
  const server = http.createServer({ headersTimeout: 20_000, requestTimeout: 30_000 }, (req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      fail(req, res)(err); // a throwing health callback must cost one answer, not the process
    }
  });
  // As node:http's own default: an idle connection is closed after 5 s, the next request on it ends it.
  const fast = attachFastPath(server, find);
  return {
    server,
    invalidate: () => cache.invalidate(),
    closeIdleConnections: () => {
      fast.closeIdle();
      server.closeIdleConnections();
    },
    closeAllConnections: () => {
      fast.closeAll();
      server.closeAllConnections();
    },
  };
}

function sendHealth(res: http.ServerResponse, health: (() => HealthReport) | undefined): void {
  const body = Buffer.from(`${JSON.stringify(health?.() ?? { ok: true })}\n`);
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendText(res: http.ServerResponse, status: number, text: string, allow?: string): void {
  const body = Buffer.from(`${text}\n`);
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    ...(allow ? { Allow: allow } : {}),
  });
  res.end(body);
}

/** A cache of a pure function's results, emptied when full so hostile input cannot grow it. */
function memoize<T>(fn: (key: string) => T, limit = 1024): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    if (memo.has(key)) return memo.get(key) as T;
    if (memo.size >= limit) memo.clear();
    const value = fn(key);
    memo.set(key, value);
    return value;
  };
}
