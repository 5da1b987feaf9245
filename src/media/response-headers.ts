import type { Response } from 'got';
import type { Validators } from './image-facts.js';

// The response headers a probe reads, parsed strictly: a malformed value counts as absent.

export function validatorsOf(response: Response): Validators {
  const etag = header(response, 'etag');
  const lastModified = header(response, 'last-modified');
  return { ...(etag === undefined ? {} : { etag }), ...(lastModified === undefined ? {} : { lastModified }) };
}

export function header(response: Response, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function contentLength(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** `bytes 0-65535/184233` (RFC 9110 14.4); total undefined for `*`. */
export function contentRange(value: string | undefined): { start: number; total?: number } | undefined {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (m === null) return undefined;
  return { start: Number(m[1]), ...(m[2] === '*' ? {} : { total: Number(m[2]) }) };
}
