import type { Article, Author, Correction, Image, Tag } from './article.js';
import { sanitizeBody } from './body-html.js';
import { parseCredit } from './credit.js';
import { parseInstant } from './instant.js';
import {
  countMarkdownMarkers,
  limitNesting,
  MAX_BODY_DEPTH,
  MAX_MARKDOWN_MARKERS,
  MAX_RAW_DEPTH,
  nestsTooDeep,
} from './limit-nesting.js';
import { cleanLine, cleanPlain } from './plain-text.js';
import { KNOWN_FIELDS, type RawImage, type RawRecord, rawRecordSchema } from './schema.js';
import { describeIssues, type FieldProblem } from './zod-issues.js';

export interface RecordContext {
  /** Absolute, ends with `/`: relative story URLs resolve against it. */
  readonly baseUrl: string;
  readonly language: string;
  readonly maxBodyBytes: number;
  /** Turns the `.md` form's Markdown into HTML; the JSON form's body is HTML already. */
  readonly bodyIsMarkdown: boolean;
  readonly renderMarkdown: (source: string) => string;
}

export interface NormaliseResult {
  readonly article?: Article;
  readonly errors: FieldProblem[];
  readonly warnings: FieldProblem[];
}

/** Checks one raw record against records.md; every problem is reported, not only the first. */
export function normaliseRecord(input: unknown, origin: string, ctx: RecordContext): NormaliseResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { errors: [{ path: '', message: 'a record must be an object of fields' }], warnings: [] };
  }
  const warnings = Object.keys(input)
    .filter((k) => !KNOWN_FIELDS.has(k) && !k.startsWith('_'))
    .map((k) => ({ path: k, message: 'unknown field, ignored' }));
  const parsed = rawRecordSchema.safeParse(input);
  const errors: FieldProblem[] = parsed.success ? [] : describeIssues(parsed.error.issues, input);
  if (!parsed.success) return { errors, warnings };
  const article = buildArticle(parsed.data, origin, ctx, errors, warnings);
  return errors.length ? { errors, warnings } : { article, errors, warnings };
}

function buildArticle(
  raw: RawRecord,
  origin: string,
  ctx: RecordContext,
  errors: FieldProblem[],
  warnings: FieldProblem[],
): Article {
  const fail = (path: string, message: string) => errors.push({ path, message });
  const warn = (path: string, message: string) => warnings.push({ path, message });
  const instant = (path: string, value: string): number => {
    const r = parseInstant(value);
    if (r.ok) return r.ms;
    fail(path, r.message);
    return 0;
  };
  const required = (path: string, value: string): string => {
    if (value === '') fail(path, 'must not be empty');
    return value;
  };

  const headline = required('headline', cleanLine(raw.headline));
  if (headline.length > 300) fail('headline', `is ${headline.length} characters; the limit is 300`);
  const url = absoluteUrl(raw.url, ctx.baseUrl, 'url', fail);
  const published = instant('published', raw.published);
  const updated = raw.updated === undefined ? published : instant('updated', raw.updated);
  if (raw.updated !== undefined && updated < published) fail('updated', 'is earlier than published');
  const status = raw.status ?? 'published';
  let embargo: number | undefined;
  if (raw.embargo !== undefined) embargo = instant('embargo', raw.embargo);
  else if (status === 'embargoed') fail('embargo', 'required when status is embargoed');

  let bodyHtml = '';
  if (raw.body === undefined || raw.body.trim() === '') {
    if (status !== 'killed') fail('body', 'required');
  } else if (overBytes(raw.body, ctx.maxBodyBytes)) {
    fail('body', `is ${Buffer.byteLength(raw.body)} bytes; the limit is ${ctx.maxBodyBytes}`);
  } else if (url) {
    const markers = ctx.bodyIsMarkdown ? countMarkdownMarkers(raw.body) : 0;
    const html =
      markers > MAX_MARKDOWN_MARKERS
        ? undefined
        : ctx.bodyIsMarkdown
          ? ctx.renderMarkdown(raw.body)
          : raw.body;
    if (html === undefined) {
      fail(
        'body',
        `has ${markers} emphasis and link markers (* _ [ ]); the limit is ${MAX_MARKDOWN_MARKERS}`,
      );
    } else if (nestsTooDeep(html)) {
      fail('body', `elements nested deeper than ${MAX_RAW_DEPTH} levels, refused unparsed`);
    } else {
      const limited = limitNesting(sanitizeBody(html, url));
      if (limited.flattened)
        warn('body', `elements nested deeper than ${MAX_BODY_DEPTH} levels were flattened to their text`);
      bodyHtml = limited.html;
    }
  }

  const authors: Author[] = (raw.authors ?? []).map((a, i) => ({
    name: required(`authors[${i}].name`, cleanLine(a.name)),
    ...(a.email === undefined ? {} : { email: checkEmail(a.email, `authors[${i}].email`, fail) }),
    ...(a.url === undefined ? {} : { url: absoluteUrl(a.url, ctx.baseUrl, `authors[${i}].url`, fail) }),
  }));
  const tags: Tag[] = (raw.tags ?? []).map((t, i) =>
    typeof t === 'string'
      ? { name: required(`tags[${i}]`, cleanLine(t)) }
      : {
          name: required(`tags[${i}].name`, cleanLine(t.name)),
          ...(t.scheme === undefined ? {} : { scheme: cleanLine(t.scheme) }),
          ...(t.code === undefined ? {} : { code: cleanLine(t.code) }),
        },
  );
  const corrections: Correction[] = (raw.corrections ?? []).map((c, i) => ({
    date: instant(`corrections[${i}].date`, c.date),
    text: required(`corrections[${i}].text`, cleanPlain(c.text)),
  }));
  const images = withoutRepeats(
    (raw.images ?? []).map((img, i) => buildImage(img, `images[${i}]`, fail)),
    warn,
  );
  const optional = (value: string | undefined, clean: (s: string) => string) => {
    const v = value === undefined ? '' : clean(value);
    return v === '' ? undefined : v;
  };
  const byline = optional(raw.byline, cleanLine) ?? (authors.length ? joinNames(authors) : undefined);
  const dateline = raw.dateline && cleanDateline(raw.dateline);

  return {
    id: raw.id,
    headline,
    ...opt('subheadline', optional(raw.subheadline, cleanLine)),
    ...opt('summary', optional(raw.summary, cleanPlain)),
    bodyHtml,
    url: url ?? '',
    published,
    updated,
    authors,
    ...opt('byline', byline),
    ...opt('source', optional(raw.source, cleanLine)),
    section: raw.section,
    tags,
    language: raw.language ?? ctx.language,
    ...opt('dateline', dateline),
    images,
    status,
    ...opt('embargo', embargo),
    version: raw.version ?? 1,
    corrections,
    ...opt('urgency', raw.urgency),
    ...opt('rights', optional(raw.rights, cleanLine)),
    origin,
  };
}

/** Whether `s` takes more than `max` bytes as UTF-8; a UTF-16 unit takes at most three. */
function overBytes(s: string, max: number): boolean {
  return s.length * 3 > max && Buffer.byteLength(s) > max;
}

function buildImage(raw: RawImage, path: string, fail: (path: string, message: string) => void): Image {
  const caption = cleanPlain(raw.caption);
  if (caption === '') fail(`${path}.caption`, 'must not be empty');
  const credit = parseCredit(raw.credit, cleanLine);
  if (!credit.ok) fail(`${path}.credit`, credit.message);
  const url = absoluteUrl(raw.url, undefined, `${path}.url`, fail) ?? '';
  const alt = raw.alt === undefined ? '' : cleanPlain(raw.alt);
  return {
    url,
    caption,
    alt: alt || caption,
    credit: credit.ok ? credit.credit : { line: '' },
    ...opt('type', raw.type),
    ...opt('length', raw.length),
    ...opt('width', raw.width),
    ...opt('height', raw.height),
    ...opt('rights', raw.rights === undefined ? undefined : cleanLine(raw.rights) || undefined),
  };
}

/** A CMS that lists one photo twice would show it twice in every reader and send it twice on the wire. */
function withoutRepeats(images: Image[], warn: (path: string, message: string) => void): Image[] {
  const firstAt = new Map<string, number>();
  return images.filter((img, i) => {
    const first = firstAt.get(img.url);
    if (first === undefined || img.url === '') {
      firstAt.set(img.url, i);
      return true;
    }
    warn(`images[${i}]`, `same photo as images[${first}]; dropped`);
    return false;
  });
}

function absoluteUrl(
  value: string,
  base: string | undefined,
  path: string,
  fail: (path: string, message: string) => void,
): string | undefined {
  const trimmed = cleanPlain(value);
  let parsed: URL;
  try {
    parsed = new URL(trimmed, base);
  } catch {
    fail(path, base ? `"${trimmed}" is not a URL or a path` : `"${trimmed}" is not an absolute URL`);
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    fail(path, `must be an http or https URL, not ${parsed.protocol.slice(0, -1)}`);
    return undefined;
  }
  return strictUri(parsed);
}

// WHATWG URL leaves | ^ [ ] # and a stray % as they are in paths, queries and fragments; RFC 3986
// does not allow them there, and neither do the JSON Feed schema's uri format or strict
// aggregators: one such story URL made the whole feed.json fail its check.
const NOT_URI_CHAR = /[^A-Za-z0-9\-._~:/?@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})/g;

function strictUri(url: URL): string {
  // Split the serialised URL itself: an empty query or fragment ("?#") shows in href, not in
  // url.search or url.hash. Neither '?' nor '#' can appear before their part once serialised.
  const href = url.href;
  const end = href.includes('#') ? href.indexOf('#') : href.length;
  const pathEnd = href.slice(0, end).includes('?') ? href.indexOf('?') : end;
  const pathStart = pathEnd - url.pathname.length;
  const encodeForUri = (part: string) =>
    part.replace(NOT_URI_CHAR, (c) => (c === '%' ? '%25' : encodeURIComponent(c)));
  const fragment = href.slice(end);
  return (
    href.slice(0, pathStart) +
    encodeForUri(href.slice(pathStart, pathEnd)) +
    encodeForUri(href.slice(pathEnd, end)) +
    (fragment === '' ? '' : `#${encodeForUri(fragment.slice(1))}`)
  );
}

function checkEmail(value: string, path: string, fail: (path: string, message: string) => void): string {
  const v = cleanLine(value);
  if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(v)) fail(path, `"${v}" is not an email address`);
  return v;
}

function cleanDateline(d: NonNullable<RawRecord['dateline']>) {
  const out = {
    ...opt('city', d.city === undefined ? undefined : cleanLine(d.city) || undefined),
    ...opt('region', d.region === undefined ? undefined : cleanLine(d.region) || undefined),
    ...opt('country', d.country === undefined ? undefined : cleanLine(d.country) || undefined),
    ...opt('lat', d.lat),
    ...opt('lon', d.lon),
  };
  return Object.keys(out).length ? out : undefined;
}

function joinNames(authors: readonly Author[]): string {
  const names = authors.map((a) => a.name);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Spreads `{ key: value }` only when the value is present, for exactOptionalPropertyTypes-style objects. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
