import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Coding } from './accept-encoding.js';

// One version of one file as the server sends it: the bytes, and each coding's body and
// headers computed once, so answering a request is a lookup and a write.

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** A body and the headers of its 200 and 304 answers, as flat arrays writeHead takes as is (never mutated). */
export interface Variant {
  readonly body: Buffer;
  readonly etag: string;
  readonly ok: string[];
  readonly notModified: string[];
}

export interface Representation {
  readonly identity: Variant;
  /** Whole seconds, as Last-Modified says; undefined for generated pages. */
  readonly modifiedSec: number | undefined;
  /** Bytes held in memory, for the cache's budget; grows as codings are added. */
  sizeBytes: number;
  /** A coding's variant, or a promise while it is compressed, or identity if it would not be smaller. */
  readonly codings: Map<Exclude<Coding, 'identity'>, Variant | Promise<Variant>>;
  readonly headersOf: (body: Buffer, etag: string, coding: Coding) => Variant;
}

export interface RepresentationOptions {
  readonly type: string;
  readonly cacheControl: string;
  readonly mtimeMs?: number;
}

/** Strong ETag from the content hash; a coding's variant adds a suffix inside the quotes. */
export function makeRepresentation(body: Buffer, opts: RepresentationOptions): Representation {
  const hash = createHash('sha256').update(body).digest('base64url');
  const modifiedSec = opts.mtimeMs === undefined ? undefined : Math.floor(opts.mtimeMs / 1000);
  const lastModified =
    modifiedSec === undefined ? [] : ['Last-Modified', new Date(modifiedSec * 1000).toUTCString()];
  const headersOf = (b: Buffer, etag: string, coding: Coding): Variant => {
    // RFC 9110 §15.4.5: a 304 repeats ETag, Cache-Control and Vary; Last-Modified adds nothing
    // beside an ETag, and every byte counts on the busiest answer.
    const notModified = ['ETag', etag, 'Cache-Control', opts.cacheControl, 'Vary', 'Accept-Encoding'];
    const encoding = coding === 'identity' ? [] : ['Content-Encoding', coding];
    return {
      body: b,
      etag,
      ok: [
        ...notModified,
        ...lastModified,
        'Content-Type',
        opts.type,
        'Content-Length',
        String(b.length),
        ...encoding,
        'X-Content-Type-Options',
        'nosniff',
      ],
      notModified,
    };
  };
  return {
    identity: headersOf(body, `"${hash}"`, 'identity'),
    modifiedSec,
    sizeBytes: body.length,
    codings: new Map(),
    headersOf,
  };
}

const SUFFIX = { br: 'br', gzip: 'gz' } as const;

/**
 * The variant for a coding, compressed on first use and kept with the version. Compression
 * runs on libuv's thread pool, so a large feed at brotli's best quality never stalls other
 * answers; concurrent first requests share one compression.
 */
export function variantFor(
  rep: Representation,
  coding: Coding,
  onGrow?: (rep: Representation, bytes: number) => void,
): Variant | Promise<Variant> {
  if (coding === 'identity') return rep.identity;
  const known = rep.codings.get(coding);
  if (known) return known;
  const body = rep.identity.body;
  const pending = compress(body, coding).then(
    (packed) => {
      // A coding that does not shrink the body is not worth a second copy or a second ETag.
      const variant =
        packed.length < body.length
          ? rep.headersOf(packed, `${rep.identity.etag.slice(0, -1)}-${SUFFIX[coding]}"`, coding)
          : rep.identity;
      rep.codings.set(coding, variant);
      if (variant !== rep.identity) {
        rep.sizeBytes += packed.length;
        onGrow?.(rep, packed.length);
      }
      return variant;
    },
    () => {
      // zlib fails only on memory exhaustion; identity is always a correct answer.
      rep.codings.set(coding, rep.identity);
      return rep.identity;
    },
  );
  rep.codings.set(coding, pending);
  return pending;
}

// Brotli 11 is about 25 times slower than 9 for a body only 10% smaller (360 ms against 14 ms
// for a 265 KB feed): at 11 a publish of many feeds would hold libuv's thread pool, which the
// file checks share, and the first brotli client of each version would wait a third of a second.
const BROTLI_QUALITY = 9;

function compress(body: Buffer, coding: 'br' | 'gzip'): Promise<Buffer> {
  if (coding === 'gzip') return gzipAsync(body, { level: constants.Z_BEST_COMPRESSION });
  return brotliAsync(body, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}
