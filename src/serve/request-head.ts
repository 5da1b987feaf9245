// Reads the head of a plain HTTP/1.1 GET or HEAD, the only request the fast path answers.
// Anything else, or anything this parser is not certain about, is undefined: the connection then
// goes to node:http, which answers it (400, 405, 431, 404...) as it answers every request it
// parses. Strict on purpose: a request framed one way here and another way by a proxy in front
// could smuggle a second request, so a header that node:http would refuse is never accepted.

export interface RequestHead {
  /** Offset just past the blank line ending the head. */
  readonly end: number;
  readonly head: boolean;
  readonly target: string;
  readonly acceptEncoding: string;
  readonly ifNoneMatch: string | undefined;
  readonly ifModifiedSince: string | undefined;
  /** The client sent `Connection: close`: answer, then close. */
  readonly close: boolean;
}

/** node:http's default limit (--max-http-header-size); a longer head is node:http's to refuse with 431. */
export const MAX_HEAD_BYTES = 16 * 1024;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible ASCII only: no space, control, or byte above 0x7e (node:http answers those). */
const TARGET = /^\/[\x21-\x7e]*$/;
/** Field values: HTAB, visible ASCII and obs-text; no other control character. */
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
const CLOSE = /(?:^|,)\s*close\s*(?:,|$)/i;

/** Headers that change what the request means: left to node:http whenever present. */
const DELEGATED = new Set(['content-length', 'transfer-encoding', 'expect', 'upgrade', 'trailer']);

export function parseRequestHead(buf: Buffer, offset: number): RequestHead | undefined {
  const end = buf.indexOf('\r\n\r\n', offset, 'latin1');
  if (end === -1 || end - offset > MAX_HEAD_BYTES) return undefined; // partial or oversized
  const text = buf.toString('latin1', offset, end);
  const lines = text.split('\r\n');
  const [method, target, version, extra] = (lines[0] as string).split(' ');
  if ((method !== 'GET' && method !== 'HEAD') || version !== 'HTTP/1.1' || extra !== undefined) return;
  if (target === undefined || !TARGET.test(target)) return;
  let host = 0;
  let acceptEncoding: string | undefined;
  let ifNoneMatch: string | undefined;
  let ifModifiedSince: string | undefined;
  let connection: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    if (colon <= 0) return; // also a line folded onto the previous one (starts with a space)
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return;
    const value = line.slice(colon + 1).trim();
    if (BAD_VALUE.test(value)) return;
    const key = name.toLowerCase();
    if (DELEGATED.has(key)) return;
    // A repeated header of interest: node:http's rules for combining it apply.
    if (key === 'host') host++;
    else if (key === 'accept-encoding') {
      if (acceptEncoding !== undefined) return;
      acceptEncoding = value;
    } else if (key === 'if-none-match') {
      if (ifNoneMatch !== undefined) return;
      ifNoneMatch = value;
    } else if (key === 'if-modified-since') {
      if (ifModifiedSince !== undefined) return;
      ifModifiedSince = value;
    } else if (key === 'connection') {
      if (connection !== undefined) return;
      connection = value;
    }
  }
  if (host !== 1) return; // HTTP/1.1 requires exactly one (RFC 9112 §3.2); node:http answers 400
  if (connection !== undefined && /upgrade/i.test(connection)) return;
  return {
    end: end + 4,
    head: method === 'HEAD',
    target,
    acceptEncoding: acceptEncoding ?? '',
    ifNoneMatch,
    ifModifiedSince,
    close: connection !== undefined && CLOSE.test(connection),
  };
}
