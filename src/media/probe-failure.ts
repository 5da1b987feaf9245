import type { ProbeFailure } from './image-facts.js';

// Turns whatever a request threw into one short line. got wraps the real error (ours from the
// guard, Node's from the socket) as `cause` and copies its `code`, so both are looked at.

export interface TimeoutLimits {
  readonly connectTimeoutMs: number;
  readonly firstByteTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly maxRedirects: number;
}

/** Reset or dropped connections: the same GET may well succeed a moment later. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

export function describeFailure(err: unknown, limits: TimeoutLimits): ProbeFailure {
  const refused = findInCauses(err, (e) => (e as { code?: unknown }).code === 'ERR_SYNDICATE_REFUSED');
  if (refused !== undefined) return { kind: 'refused', message: refused.message, transient: false };
  const e = err as { name?: string; code?: string; message?: string; event?: string };
  if (e.name === 'TimeoutError')
    return { kind: 'timeout', message: timeoutMessage(e.event, limits), transient: false };
  if (e.code === 'ERR_ABORTED' || e.name === 'AbortError')
    return { kind: 'aborted', message: 'stopped: the enrichment budget was spent', transient: false };
  if (e.code === 'ERR_TOO_MANY_REDIRECTS')
    return { kind: 'http', message: `more than ${limits.maxRedirects} redirects`, transient: false };
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'EAI_FAIL')
    return { kind: 'network', message: `host not found (${e.code})`, transient: false };
  if (e.code === 'ECONNREFUSED') return { kind: 'network', message: 'connection refused', transient: false };
  if (e.code === 'ERR_HTTP_CONTENT_LENGTH_MISMATCH')
    return { kind: 'network', message: oneLine(e.message ?? 'Content-Length mismatch'), transient: false };
  const code = e.code && e.code !== 'ERR_GOT_REQUEST_ERROR' ? `${e.code}: ` : '';
  return {
    kind: 'network',
    message: `${code}${oneLine(e.message ?? String(err))}`,
    transient: e.code !== undefined && TRANSIENT_CODES.has(e.code),
  };
}

function timeoutMessage(event: string | undefined, l: TimeoutLimits): string {
  switch (event) {
    case 'lookup':
      return `DNS lookup took over ${l.connectTimeoutMs} ms`;
    case 'connect':
    case 'secureConnect':
      return `no connection within ${l.connectTimeoutMs} ms`;
    case 'response':
      return `no response headers within ${l.firstByteTimeoutMs} ms`;
    case 'request':
    case undefined: // our own whole-chain signal (AbortSignal.timeout) carries no event
      return `not complete within ${l.totalTimeoutMs} ms`;
    default:
      return `timed out (${event})`;
  }
}

function findInCauses(err: unknown, test: (e: Error) => boolean): Error | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) if (test(e)) return e;
  return undefined;
}

/** got appends ` - GET url` style tails to some messages; the caller already names the URL. */
function oneLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** Retry-After is seconds or an HTTP date (RFC 9110 10.2.3); capped so a host cannot stall us. */
export function retryAfterMs(header: string | undefined, now: number, capMs: number): number | undefined {
  if (header === undefined) return undefined;
  const seconds = /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isFinite(seconds) ? Math.min(Math.max(0, seconds), capMs) : undefined;
}

export const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
