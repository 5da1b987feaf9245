import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Article, Credit } from './article.js';
import { type BodyRef, segmentAt } from './body-segments.js';
import { type BodyPlace, type BodySink, SEGMENT_NAME } from './body-sink.js';

// A large site keeps every story in memory for a build, and a service keeps them between
// builds. The body is most of a story's weight (a two-byte string as soon as it has one curly
// quote) and is read only when a story is rendered, so a loaded article keeps only where its
// body lies in a file of the state folder (body-sink.ts), or, where there is none, keeps it
// deflated; `bodyHtml` reads or inflates it when read. Everything else stays a
// plain data property; to readers (writers, JSON.stringify, spread, structuredClone) the
// article is indistinguishable from a plain one, keys in the same order.

const PACKED = Symbol('deflated bodyHtml');

/** Below this many characters a body is kept as it is: deflating would not pay. */
const PACK_FROM = 512;

/**
 * Deflated UTF-8 bytes held as a string of one character per byte (latin1). Such a string is
 * its bytes plus a small header on the heap, where a Uint8Array adds two objects and a store
 * allocated apart, and it crosses from a worker as one copy.
 */
type Bytes = string;

interface Packed {
  readonly [PACKED]: Bytes | BodyRef;
}

/** A body as it crosses from a parsing worker: deflated, or where the worker wrote it. */
export type PackedBody = { readonly deflated: Bytes } | BodyPlace;

/** The form that crosses from a parsing worker: the article's own fields, in order. */
export type PortableArticle = {
  readonly [K in keyof Article]: K extends 'bodyHtml' ? string | PackedBody : Article[K];
};

/** The portable form of a plain article (the parsing side); `sink` takes long bodies if given. */
export function portable(article: Article, sink?: BodySink): PortableArticle {
  const body = article.bodyHtml;
  if (body.length < PACK_FROM) return article;
  const place = sink?.add(body);
  if (place !== undefined) return { ...article, bodyHtml: place };
  return { ...article, bodyHtml: { deflated: deflateRawSync(body).toString('latin1') } };
}

/** Repeated strings (names, sections, tags, credits) kept once while a site is loaded. */
export type Strings = Map<string, string>;

/** The article to keep, from its portable form (the loading side). */
export function compact(from: PortableArticle, strings: Strings): Article {
  const one = (s: string): string => {
    const known = strings.get(s);
    if (known !== undefined) return known;
    strings.set(s, s);
    return s;
  };
  const out: Fields = {};
  for (const key of Object.keys(from) as (keyof Article)[]) {
    const value = from[key];
    if (key === 'bodyHtml' && typeof value === 'object') {
      packInto(out, packedOf(value as PackedBody));
      continue;
    }
    if (Array.isArray(value) && value.length === 0) {
      put(out, key, NONE);
      continue;
    }
    switch (key) {
      case 'authors':
        put(
          out,
          key,
          from.authors.map((a) => shared(a, one)),
        );
        break;
      case 'tags':
        put(
          out,
          key,
          from.tags.map((t) => shared(t, one)),
        );
        break;
      case 'images':
        put(
          out,
          key,
          from.images.map((i) => {
            // One copy per photo: its credit is replaced where it stands, keys in their order.
            const image = shared(i, one) as { credit: Credit };
            image.credit = shared(i.credit, one);
            return image;
          }),
        );
        break;
      case 'dateline':
        put(out, key, from.dateline && shared(from.dateline, one));
        break;
      case 'section':
      case 'language':
      case 'status':
      case 'byline':
      case 'source':
      case 'rights':
      case 'subheadline':
      case 'summary':
        put(out, key, one(value as string));
        break;
      default:
        put(out, key, value);
    }
  }
  return out as unknown as Article;
}

type Fields = Record<string, unknown>;

/** A deflated body as it is; a place in a file opened now (never removed while read from). */
function packedOf(body: PackedBody): Bytes | BodyRef {
  if ('deflated' in body) return body.deflated;
  return { segment: segmentAt(body.segment, false), at: body.at, length: body.length };
}

/** The body kept packed, and read through an accessor that reads or inflates it. */
function packInto(out: Fields, packed: Bytes | BodyRef): void {
  // The same getter every time, so articles of the same fields share one hidden class.
  Object.defineProperty(out, PACKED, { value: packed });
  Object.defineProperty(out, 'bodyHtml', { get: packedBody, enumerable: true, configurable: true });
}

/**
 * Adds one field, by its name where it is an article's. V8 lets an object gain only about a
 * dozen properties by computed key beyond the slots it was made with; past that it turns the
 * object into a hash table, which costs a story some 700 bytes more and slows every read of its
 * fields on every pass over the site. Properties added by a written-out name may number 128.
 */
function put(out: Fields, key: string, value: unknown): void {
  switch (key) {
    case 'id':
      out.id = value;
      break;
    case 'headline':
      out.headline = value;
      break;
    case 'subheadline':
      out.subheadline = value;
      break;
    case 'summary':
      out.summary = value;
      break;
    case 'bodyHtml':
      out.bodyHtml = value;
      break;
    case 'url':
      out.url = value;
      break;
    case 'published':
      out.published = value;
      break;
    case 'updated':
      out.updated = value;
      break;
    case 'authors':
      out.authors = value;
      break;
    case 'byline':
      out.byline = value;
      break;
    case 'source':
      out.source = value;
      break;
    case 'section':
      out.section = value;
      break;
    case 'tags':
      out.tags = value;
      break;
    case 'language':
      out.language = value;
      break;
    case 'dateline':
      out.dateline = value;
      break;
    case 'images':
      out.images = value;
      break;
    case 'status':
      out.status = value;
      break;
    case 'embargo':
      out.embargo = value;
      break;
    case 'version':
      out.version = value;
      break;
    case 'corrections':
      out.corrections = value;
      break;
    case 'urgency':
      out.urgency = value;
      break;
    case 'rights':
      out.rights = value;
      break;
    case 'origin':
      out.origin = value;
      break;
    default:
      out[key] = value;
  }
}

/** One empty list for every story without corrections (or tags, photos, authors). */
const NONE: readonly never[] = Object.freeze([]);

/** A copy of a small record of strings and numbers, its strings shared. */
function shared<T extends object>(o: T, one: (s: string) => string): T {
  const out: Record<string, unknown> = {};
  for (const k in o) {
    const v: unknown = o[k];
    out[k] = typeof v === 'string' ? one(v) : v;
  }
  return out as T;
}

// The last bodies inflated. A story's item is rendered in each format, and a build renders a
// page's documents in all three formats one after another, so a body is read again a page's
// worth of stories later: a few hundred, not a few. They are kept as UTF-8 and decoded for each
// read: a kept string outlived the young generation, so at 25 000 stories some 58 MB of body
// text went to the old one to die there; decoding costs a few microseconds, inflating tens.
const recent = new Map<Bytes | BodyRef, Buffer>();
const RECENT = 512;
// The body read last, as text: one item reads its story's body several times over (whether it
// has one, then the body itself), and each read decoding it again cost more than the inflating.
let lastPacked: Bytes | BodyRef | undefined;
let lastText = '';

function packedBody(this: Packed): string {
  const packed = this[PACKED];
  if (packed === lastPacked) return lastText;
  let bytes = recent.get(packed);
  if (bytes === undefined) {
    bytes =
      typeof packed === 'string'
        ? inflateRawSync(Buffer.from(packed, 'latin1'))
        : packed.segment.read(packed.at, packed.length);
    if (recent.size >= RECENT) recent.delete(recent.keys().next().value as Bytes | BodyRef);
    recent.set(packed, bytes);
  }
  lastPacked = packed;
  lastText = bytes.toString('utf8');
  return lastText;
}

/**
 * `article` with some fields replaced (enrichment's photos), the rest as they are, a packed body
 * still packed: what `{ ...article, ...changes }` gives, without inflating the body into it.
 */
export function withFields(article: Article, changes: Partial<Article>): Article {
  const out: Fields = {};
  const packed = (article as Partial<Packed>)[PACKED];
  for (const key of Object.keys(article)) {
    if (Object.hasOwn(changes, key)) put(out, key, changes[key as keyof Article]);
    else if (key === 'bodyHtml' && packed !== undefined) packInto(out, packed);
    else put(out, key, article[key as keyof Article]);
  }
  // Fields the article lacked, after its own: as the spread would place them.
  for (const key of Object.keys(changes))
    if (!Object.hasOwn(out, key)) put(out, key, changes[key as keyof Article]);
  return out as unknown as Article;
}

/**
 * How a record cache file stores an article: a deflated body as base64 of its bytes, a body in a
 * file by the file's name (in the cache's body folder) and the place in it.
 */
export type StoredArticle = Omit<Article, 'bodyHtml'> & {
  readonly bodyHtml: string | { readonly deflated: string } | StoredPlace;
};

interface StoredPlace {
  readonly segment: string;
  readonly at: number;
  readonly length: number;
}

/** The file an article's body lies in, if it lies in one. */
export function bodySegmentOf(article: Article): BodyRef['segment'] | undefined {
  const packed = (article as Partial<Packed>)[PACKED];
  return typeof packed === 'object' ? packed.segment : undefined;
}

/** The stored form of an article, without reading its body. */
export function toStored(article: Article): StoredArticle {
  const packed = (article as Partial<Packed>)[PACKED];
  if (packed === undefined) return article;
  const body =
    typeof packed === 'string'
      ? { deflated: Buffer.from(packed, 'latin1').toString('base64') }
      : { segment: path.basename(packed.segment.path), at: packed.at, length: packed.length };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(article))
    out[key] = key === 'bodyHtml' ? body : article[key as keyof Article];
  return out as StoredArticle;
}

/**
 * An article read back from its stored form, kept compact. `bodyFile` gives the full path of a
 * body file by its name, if it is there; a body in a file that is not (or holds no such bytes) throws,
 * so the record is read again.
 */
export function fromStored(
  stored: StoredArticle,
  strings: Strings,
  bodyFile?: (name: string) => string | undefined,
): Article {
  const body = stored.bodyHtml;
  if (typeof body === 'string') return compact(stored as Article, strings);
  if ('deflated' in body) {
    const deflated = Buffer.from(body.deflated, 'base64').toString('latin1');
    return compact({ ...stored, bodyHtml: { deflated } }, strings);
  }
  const file = SEGMENT_NAME.test(body.segment) ? bodyFile?.(body.segment) : undefined;
  if (file === undefined) throw new Error(`no body file "${body.segment}"`);
  // Opened as on disk already: a saved cache points into it.
  if (!segmentAt(file, true).holds(body.at, body.length))
    throw new Error(`no body of ${body.length} bytes at ${body.at} in ${file}`);
  return compact({ ...stored, bodyHtml: { segment: file, at: body.at, length: body.length } }, strings);
}
