import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Article, Credit } from './article.js';

// A large site keeps every story in memory for a build, and a service keeps them between
// builds. The body is most of a story's weight (a two-byte string as soon as it has one curly
// quote) and is read only when a story is rendered, so a loaded article keeps it deflated
// and inflates it when `bodyHtml` is read. Everything else stays a
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
  readonly [PACKED]: Bytes;
}

/** A body as it crosses from a parsing worker, deflated. */
export interface PackedBody {
  readonly deflated: Bytes;
}

/** The form that crosses from a parsing worker: the article's own fields, in order. */
export type PortableArticle = {
  readonly [K in keyof Article]: K extends 'bodyHtml' ? string | PackedBody : Article[K];
};

/** The portable form of a plain article (the parsing side). */
export function portable(article: Article): PortableArticle {
  const body = article.bodyHtml;
  if (body.length < PACK_FROM) return article;
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
      packInto(out, (value as PackedBody).deflated);
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

/** The body kept deflated, and read through an accessor that inflates it. */
function packInto(out: Fields, deflated: Bytes): void {
  // The same getter every time, so articles of the same fields share one hidden class.
  Object.defineProperty(out, PACKED, { value: deflated });
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
const recent = new Map<Bytes, Buffer>();
const RECENT = 512;
// The body read last, as text: one item reads its story's body several times over (whether it
// has one, then the body itself), and each read decoding it again cost more than the inflating.
let lastPacked: Bytes | undefined;
let lastText = '';

function packedBody(this: Packed): string {
  const packed = this[PACKED];
  if (packed === lastPacked) return lastText;
  let bytes = recent.get(packed);
  if (bytes === undefined) {
    bytes = inflateRawSync(Buffer.from(packed, 'latin1'));
    if (recent.size >= RECENT) recent.delete(recent.keys().next().value as Bytes);
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

/** How a record cache file stores an article: a packed body as base64 of its deflated bytes. */
export type StoredArticle = Omit<Article, 'bodyHtml'> & {
  readonly bodyHtml: string | { readonly deflated: string };
};

/** The stored form of an article, without inflating its body. */
export function toStored(article: Article): StoredArticle {
  const packed = (article as Partial<Packed>)[PACKED];
  if (packed === undefined) return article;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(article)) {
    out[key] =
      key === 'bodyHtml'
        ? { deflated: Buffer.from(packed, 'latin1').toString('base64') }
        : article[key as keyof Article];
  }
  return out as StoredArticle;
}

/** An article read back from its stored form, kept compact. */
export function fromStored(stored: StoredArticle, strings: Strings): Article {
  const body = stored.bodyHtml;
  return compact(
    typeof body === 'string'
      ? (stored as Article)
      : { ...stored, bodyHtml: { deflated: Buffer.from(body.deflated, 'base64').toString('latin1') } },
    strings,
  );
}
