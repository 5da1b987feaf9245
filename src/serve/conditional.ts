import type { IncomingHttpHeaders } from 'node:http';

// Conditional GET: whether the client's copy is the one we would send.

/** RFC 9110 §13.1.2–3: If-None-Match (weak comparison) decides when present; else If-Modified-Since. */
export function isNotModified(
  headers: IncomingHttpHeaders,
  etag: string,
  modifiedSec: number | undefined,
): boolean {
  return notModified(headers['if-none-match'], headers['if-modified-since'], etag, modifiedSec);
}

/** The same decision from the two header values, for a caller that parsed them itself. */
export function notModified(
  match: string | undefined,
  since: string | undefined,
  etag: string,
  modifiedSec: number | undefined,
): boolean {
  if (match !== undefined) {
    if (match === etag) return true;
    return match.split(',').some((tag) => {
      const t = tag.trim();
      return t === '*' || (t.startsWith('W/') ? t.slice(2) : t) === etag;
    });
  }
  if (since === undefined || modifiedSec === undefined) return false;
  const sinceMs = Date.parse(since);
  return !Number.isNaN(sinceMs) && modifiedSec * 1000 <= sinceMs;
}
