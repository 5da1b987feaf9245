import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FeedView } from '../src/formats/feed-view.js';
import type { Article } from '../src/records/article.js';
import type { RawRecord } from '../src/records/schema.js';
import { type Format, renderWithFeedPackage } from './baselines.js';
import { type SiteShape, shapeStories } from './site-shape.js';
import { makeStories, prng, SITE } from './stories.js';

// Raw record files (records.md, JSON form) for the incremental bench, and its yardstick:
// a plain script that reads them and writes the main and section feeds with `feed`.

const SECTIONS = [
  ...['local', 'world', 'business', 'politics', 'science', 'culture', 'sport', 'health', 'education'],
  ...['environment', 'technology', 'transport', 'housing', 'crime', 'weather', 'travel', 'food'],
  ...['opinion', 'obituaries', 'arts'],
];
/** Newsrooms stamp local time; offsets (minutes) make the parser do real work, as in the wild. */
const OFFSETS = [60, 120, -300, 330, 540, 0, -180];

/** RFC 3339 with a numeric offset: the same instant written in a newsroom's local time. */
function stamp(ms: number, offsetMin: number): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  return `${local}${offsetMin < 0 ? '-' : '+'}${hh}:${String(abs % 60).padStart(2, '0')}`;
}

function toRaw(a: Article, section: string, offset: number): RawRecord {
  // JSON.stringify drops undefined fields, so optional ones need no conditional spreads.
  return {
    id: a.id,
    headline: a.headline,
    subheadline: a.subheadline,
    summary: a.summary,
    body: a.bodyHtml,
    url: `${SITE.baseUrl}${section}/${a.id}`,
    published: stamp(a.published, offset),
    updated: a.updated === a.published ? undefined : stamp(a.updated, offset),
    authors: a.authors.map((x) => ({ ...x })),
    source: a.source,
    section,
    tags: a.tags.map((t) => (t.scheme === undefined ? t.name : { ...t })),
    language: a.language,
    dateline: a.dateline,
    // Every image carries its four facts, so the build asks no image host.
    images: a.images.map((i) => ({ ...i, credit: i.credit.line })),
    status: a.status,
    version: a.version,
    corrections: a.corrections.map((c) => ({ date: stamp(c.date, offset), text: c.text })),
    urgency: a.urgency,
    rights: a.rights,
  };
}

/**
 * Writes `count` records as `<dir>/<section>/<id>.json` and dates them `mtime` (a past instant:
 * records touched within the last 2 s are re-hashed by every build, which no real site sees).
 * Returns the paths, newest story first.
 */
export function writeRawRecords(
  dir: string,
  count: number,
  mtime: Date,
  seed = 20261002,
  shape?: SiteShape,
): string[] {
  const rand = prng(seed ^ 0x5eed);
  const stories = shape ? shapeStories(makeStories(count, seed), shape) : makeStories(count, seed);
  const made = new Set<string>();
  return stories.map((a) => {
    const section = shape ? a.section : (SECTIONS[Math.floor(rand() * SECTIONS.length)] as string);
    if (!made.has(section)) {
      mkdirSync(path.join(dir, section), { recursive: true });
      made.add(section);
    }
    const offset = OFFSETS[Math.floor(rand() * OFFSETS.length)] as number;
    const file = path.join(dir, section, `${a.id}.json`);
    writeFileSync(file, JSON.stringify(toRaw(a, section, offset), null, 2));
    utimesSync(file, mtime, mtime);
    return file;
  });
}

/** Only what the `feed` items need, with no validation or sanitising: what a plain script does. */
function toArticle(raw: RawRecord, file: string): Article {
  const published = Date.parse(raw.published);
  return {
    id: raw.id,
    headline: raw.headline,
    summary: raw.summary,
    bodyHtml: raw.body ?? '',
    url: raw.url,
    published,
    updated: raw.updated === undefined ? published : Date.parse(raw.updated),
    authors: raw.authors ?? [],
    section: raw.section,
    tags: (raw.tags ?? []).map((t) => (typeof t === 'string' ? { name: t } : t)),
    language: raw.language ?? SITE.language,
    images: (raw.images ?? []).map((i) => ({
      ...i,
      alt: i.alt ?? i.caption,
      credit: { line: typeof i.credit === 'string' ? i.credit : '' },
    })),
    status: raw.status ?? 'published',
    version: raw.version ?? 1,
    corrections: [],
    origin: file,
  };
}

function view(key: string, stories: readonly Article[], feedsUrl: string, html: string): FeedView {
  const latest = [...stories].sort((a, b) => b.published - a.published).slice(0, 50);
  const updated = Math.max(...latest.map((s) => s.updated));
  return {
    site: SITE,
    key,
    title: SITE.title,
    description: SITE.description,
    links: { rss: `${feedsUrl}rss.xml`, atom: `${feedsUrl}atom.xml`, json: `${feedsUrl}feed.json`, html },
    stories: latest,
    updated,
  };
}

const FILES: Record<Format, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };

/**
 * The baseline: read every record, JSON.parse, then the main feed and one feed per section
 * (latest 50 each) in RSS, Atom and JSON Feed with `feed`, written to `outDir`. Synchronous
 * reads and writes, as such a script would be written (and faster than awaiting each file).
 * Returns the number of files written.
 */
export function plainFeedScript(contentDir: string, outDir: string): number {
  const files = readdirSync(contentDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.json'),
  );
  const stories = files.map((f) => {
    const file = path.join(contentDir, f);
    return toArticle(JSON.parse(readFileSync(file, 'utf8')) as RawRecord, file);
  });
  const bySection = new Map<string, Article[]>();
  for (const s of stories) {
    const list = bySection.get(s.section);
    if (list) list.push(s);
    else bySection.set(s.section, [s]);
  }
  const feedsUrl = `${SITE.baseUrl}feeds/`;
  const feeds: [string, FeedView][] = [['', view('main', stories, feedsUrl, SITE.baseUrl)]];
  for (const [section, list] of bySection) {
    const dir = `sections/${section}/`;
    feeds.push([dir, view(`sections/${section}`, list, `${feedsUrl}${dir}`, `${SITE.baseUrl}${section}/`)]);
  }
  let written = 0;
  for (const [dir, feed] of feeds) {
    mkdirSync(path.join(outDir, dir), { recursive: true });
    for (const format of ['rss', 'atom', 'json'] as const) {
      writeFileSync(path.join(outDir, dir, FILES[format]), renderWithFeedPackage(feed, format));
      written++;
    }
  }
  return written;
}
