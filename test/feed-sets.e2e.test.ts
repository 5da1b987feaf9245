import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { parseConfig } from '../src/config/load-config.js';
import { checkJsonFeed } from '../src/publish/check-json-feed.js';
import { REPO } from './run-cli.js';
import { tempDir, writeTree } from './temp-dir.js';
import { validateFeed, xmlProblemsEach } from './validate-feed.js';

// A generated site built for real, read back as a reader and an aggregator would: following
// RFC 5005 links from each current document, keying items by guid.

const NOW = Date.parse('2026-11-26T12:00:00Z');
const HOUR = 3_600_000;
const SECTIONS = ['local', 'world', 'sport'];
const TAGS = ['Harbour', 'Energy & climate', 'Energy: climate', 'القصر', 'Transport'];
const PEOPLE = ['Jane Roe', 'Amélie Durand', '立花 紗也'];
const TAG_URI = (id: string) => `tag:meridianherald.example,2026:story/${id}`;

interface Spec {
  readonly n: number;
  readonly section: string;
  readonly tags: string[];
  readonly authors: string[];
  readonly source?: string;
}

/** Story n, an hour after story n-1; its feeds follow from n alone. */
function spec(n: number): Spec {
  return {
    n,
    section: SECTIONS[n % 3] as string,
    tags: TAGS.filter((_, i) => (n + i) % 4 === 0),
    authors: PEOPLE.filter((_, i) => (n * (i + 1)) % 5 < 2),
    ...(n % 7 === 0 ? { source: 'Harbour Press Agency' } : {}),
  };
}

const idOf = (n: number) => `story-${String(n).padStart(3, '0')}`;

function record(s: Spec, extra: Record<string, unknown> = {}) {
  const at = new Date(NOW - (500 - s.n) * HOUR).toISOString();
  return {
    id: idOf(s.n),
    headline: `Story ${s.n}: ferries, tides & a council vote`,
    summary: `What happened in story ${s.n}.`,
    body: `<p>Body of story ${s.n}.</p>`,
    url: `https://meridianherald.example/${s.section}/${idOf(s.n)}`,
    published: at,
    updated: at,
    section: s.section,
    tags: s.tags,
    authors: s.authors.map((name) => ({ name })),
    ...(s.source ? { source: s.source } : {}),
    ...extra,
  };
}

async function aSite(stories: number) {
  const dir = await tempDir();
  const raw = JSON.parse(await readFile(path.join(REPO, 'syndicate.config.json'), 'utf8'));
  const config = parseConfig(
    {
      ...raw,
      paths: { content: 'content', out: 'out', state: 'state' },
      feeds: {
        main: { maxItems: 8 },
        sections: { maxItems: 5 },
        tags: { maxItems: 5 },
        authors: { maxItems: 5 },
        custom: [{ slug: 'staff', title: 'Staff', wireCopy: 'exclude' }],
        archive: { pageSize: 10 },
        tombstoneDays: 30,
      },
      wire: { enabled: false },
    },
    'test config',
  );
  const write = (s: Spec, extra?: Record<string, unknown>) =>
    writeTree(path.join(dir, 'content'), {
      [`${s.section}/${idOf(s.n)}.json`]: JSON.stringify(record(s, extra)),
    });
  for (let n = 0; n < stories; n++) await write(spec(n));
  const out = path.join(dir, 'out');
  const run = () => build({ config, baseDir: dir, now: NOW, enrich: false });
  return { dir, out, write, run };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

async function snapshot(out: string): Promise<Map<string, string>> {
  const files = await filesUnder(out);
  return new Map(
    await Promise.all(files.map(async (f) => [f, await readFile(path.join(out, f), 'utf8')] as const)),
  );
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});
type Node = Record<string, unknown>;
const list = (node: unknown, name: string): Node[] => ((node as Node | undefined)?.[name] as Node[]) ?? [];

/** A reader's view of one RSS document: guids in order, and the archive link it gives. */
function readRss(xml: string) {
  const channel = list(list(parser.parse(xml), 'rss')[0], 'channel')[0];
  const guid = (item: Node) => String((list(item, 'guid')[0] as Node)['#text']);
  const link = (rel: string) =>
    list(channel, 'atom:link').find((l) => l['@rel'] === rel)?.['@href'] as string | undefined;
  return { guids: list(channel, 'item').map(guid), prev: link('prev-archive'), channel };
}

const localPath = (out: string, url: string) =>
  path.join(out, decodeURIComponent(url.replace('https://meridianherald.example/feeds/', '')));

/** Every guid a reader recovers by following prev-archive from the current document. */
async function recoverAll(out: string, folder: string): Promise<string[]> {
  const guids: string[] = [];
  let file: string | undefined = path.join(out, folder, 'rss.xml');
  const seen = new Set<string>();
  while (file !== undefined) {
    expect(seen.has(file), `archive loop at ${file}`).toBe(false);
    seen.add(file);
    const doc = readRss(await readFile(file, 'utf8'));
    guids.push(...doc.guids);
    file = doc.prev === undefined ? undefined : localPath(out, doc.prev);
  }
  return guids;
}

/** The folders a story belongs in, by the same rules the config gives. */
function expectedFolders(s: Spec, slugs: Map<string, string>): string[] {
  const folders = ['', `sections/${s.section}/`];
  if (!s.source) folders.push('custom/staff/');
  for (const t of s.tags) folders.push(`tags/${slugs.get(t)}/`);
  for (const a of s.authors) folders.push(`authors/${slugs.get(a)}/`);
  return folders;
}

describe('section, tag, author and custom feeds with archives', () => {
  it('puts every story in exactly its feeds, recoverable through the archive links', async () => {
    const site = await aSite(120);
    const result = await site.run();
    expect(result.status.ok).toBe(true);
    const index = JSON.parse(await readFile(path.join(site.out, 'index.json'), 'utf8'));
    const folders: string[] = index.feeds.map((f: { paths: { rss: string } }) =>
      f.paths.rss.slice(0, -'rss.xml'.length),
    );
    // Names resolve to the slugs the index published, e.g. "Energy & climate" and "Energy: climate".
    const slugs = new Map<string, string>();
    for (const f of index.feeds) {
      const name = f.title.replace(/ — The Meridian Herald$/, '');
      slugs.set(name, f.key.split('/')[1]);
    }
    expect(new Set(TAGS.map((t) => slugs.get(t))).size).toBe(TAGS.length);
    const expected = new Map<string, string[]>(folders.map((f) => [f, []]));
    for (let n = 0; n < 120; n++) {
      for (const f of expectedFolders(spec(n), slugs)) expected.get(f)?.push(TAG_URI(idOf(n)));
    }
    for (const folder of folders) {
      const got = await recoverAll(site.out, folder);
      expect(new Set(got).size, folder).toBe(got.length);
      expect(got.sort(), folder).toEqual((expected.get(folder) ?? []).sort());
    }
  });

  it('never changes a full archive page, and one new story rewrites its feeds and at most one page each', async () => {
    const site = await aSite(60);
    await site.run();
    let before = await snapshot(site.out);
    for (let n = 60; n < 85; n++) {
      await site.write(spec(n));
      const result = await site.run();
      const after = await snapshot(site.out);
      for (const [file, text] of before) {
        const m = /^(.*?)archive\/(\d+)\/rss\.xml$/.exec(file);
        if (m && readRss(text).guids.length === 10) expect(after.get(file), file).toBe(text);
      }
      // Per format: the current documents of the story's feeds, plus at most one page each.
      // A page created empty after a page fills is new, not rewritten.
      const rss = result.publish.written.filter((f) => f.endsWith('rss.xml') && before.has(f));
      const byFeed = new Map<string, number>();
      for (const f of rss) {
        const feed = f.replace(/archive\/\d+\/rss\.xml$|rss\.xml$/, '');
        byFeed.set(feed, (byFeed.get(feed) ?? 0) + (f.includes('archive/') ? 1 : 0));
      }
      const created = result.publish.written.filter((f) => f.endsWith('rss.xml') && !before.has(f));
      for (const f of created) expect(readRss(after.get(f) ?? '').guids.length, f).toBeLessThanOrEqual(1);
      for (const [feed, pages] of byFeed) expect(pages, `${feed} after story ${n}`).toBeLessThanOrEqual(1);
      expect(
        result.publish.written.filter((f) => !/(rss\.xml|atom\.xml|feed\.json)$/.test(f)).sort(),
      ).toEqual(
        ['feeds.opml', 'index.html', 'index.json', 'status.json'].filter((f) =>
          result.publish.written.includes(f),
        ),
      );
      before = after;
    }
  });

  it('shows a correction as one item per guid, with its note at the top and moved dates', async () => {
    const site = await aSite(12);
    await site.run();
    const target = spec(11);
    const corrected = NOW - HOUR;
    await site.write(target, {
      version: 2,
      updated: new Date(corrected).toISOString(),
      headline: 'Story 11: ferries, tides & a council vote (corrected)',
      corrections: [{ date: new Date(corrected).toISOString(), text: 'The vote was 31–20, not 30–21.' }],
    });
    await site.run();
    const rss = readRss(await readFile(path.join(site.out, 'rss.xml'), 'utf8'));
    expect(rss.guids.filter((g) => g === TAG_URI(idOf(11)))).toHaveLength(1);
    const item = list(rss.channel, 'item').find(
      (i) => String((list(i, 'guid')[0] as Node)['#text']) === TAG_URI(idOf(11)),
    );
    const html = String(list(item, 'content:encoded')[0]);
    expect(html.startsWith('<aside class="corrections"><p><strong>Correction, <time datetime=')).toBe(true);
    expect(html).toContain('The vote was 31–20, not 30–21.');
    const atom = await readFile(path.join(site.out, 'atom.xml'), 'utf8');
    const entry = atom.slice(atom.indexOf(`<id>${TAG_URI(idOf(11))}</id>`));
    expect(entry.slice(0, entry.indexOf('</entry>'))).toContain(
      `<updated>${new Date(corrected).toISOString().replace('.000Z', 'Z')}</updated>`,
    );
    const json = JSON.parse(await readFile(path.join(site.out, 'feed.json'), 'utf8'));
    const jsonItems = json.items.filter((i: { id: string }) => i.id === TAG_URI(idOf(11)));
    expect(jsonItems).toHaveLength(1);
    expect(jsonItems[0].date_modified).toBe(new Date(corrected).toISOString().replace('.000Z', 'Z'));
  });

  it('removes a killed story from every document and leaves a valid Atom tombstone in its feeds', async () => {
    const site = await aSite(40);
    await site.run();
    const victim = spec(5); // deep in the archives by now
    const killedAt = NOW - 2 * HOUR;
    await site.write(victim, {
      status: 'killed',
      body: '',
      updated: new Date(killedAt).toISOString(),
      version: 2,
    });
    const result = await site.run();
    expect(result.status.ok).toBe(true);
    const files = await snapshot(site.out);
    for (const [file, text] of files) {
      if (file.startsWith('index') || file === 'feeds.opml' || file === 'status.json') continue;
      if (file.endsWith('atom.xml') && !file.includes('archive/')) continue; // checked below
      expect(text.includes(idOf(5)), file).toBe(false);
    }
    const index = JSON.parse(files.get('index.json') ?? '{}');
    const slugs = new Map<string, string>(
      index.feeds.map((f: { title: string; key: string }) => [
        f.title.replace(/ — The Meridian Herald$/, ''),
        f.key.split('/')[1],
      ]),
    );
    const withStone = [...files]
      .filter(([f, text]) => f.endsWith('atom.xml') && text.includes('at:deleted-entry'))
      .map(([f]) => f.slice(0, -'atom.xml'.length))
      .sort();
    expect(withStone).toEqual(expectedFolders(victim, slugs).sort());
    const main = files.get('atom.xml') ?? '';
    const stone = `<at:deleted-entry ref="${TAG_URI(idOf(5))}" when="${new Date(killedAt).toISOString().replace('.000Z', 'Z')}"/>`;
    expect(main).toContain(stone);
    expect(main).toContain('xmlns:at="http://purl.org/atompub/tombstones/1.0"');
    expect(main.indexOf(stone)).toBeLessThan(main.indexOf('<entry'));
    expect(main.split('<entry').length - 1).toBe(8);
    const v = await validateFeed(main);
    expect(v.ok, v.output).toBe(true);
    // The exemption is for the tombstone namespace only: another unknown one still fails.
    const other = main.replaceAll('http://purl.org/atompub/tombstones/1.0', 'http://example.com/not-a-spec');
    expect((await validateFeed(other)).ok).toBe(false);
  });

  it('publishes only valid documents: every XML well-formed, every JSON Feed schema-valid, samples W3C-valid', async () => {
    const site = await aSite(60);
    await site.run();
    const files = await snapshot(site.out);
    const xml = [...files].filter(([f]) => f.endsWith('.xml') || f.endsWith('.opml'));
    expect(xml.length).toBeGreaterThan(50);
    const problems = await xmlProblemsEach(xml.map(([, text]) => text));
    expect(problems.flat()).toEqual([]);
    for (const [f, text] of files) if (f.endsWith('feed.json')) expect(checkJsonFeed(text), f).toEqual([]);
    for (const f of ['archive/1/rss.xml', 'archive/1/atom.xml', 'sections/world/archive/1/atom.xml']) {
      const v = await validateFeed(files.get(f) ?? '');
      expect(v.ok, `${f}: ${v.output}`).toBe(true);
    }
    const archive = files.get('archive/2/atom.xml') ?? '';
    expect(archive).toContain('<fh:archive/>');
    expect(archive).toContain(
      'rel="current" type="application/atom+xml" href="https://meridianherald.example/feeds/atom.xml"',
    );
    expect(archive).toContain(
      'rel="prev-archive" type="application/atom+xml" href="https://meridianherald.example/feeds/archive/1/atom.xml"',
    );
    const json = JSON.parse(files.get('feed.json') ?? '{}');
    const pages = [...files.keys()].filter((f) => /^archive\/\d+\/feed\.json$/.test(f)).length;
    expect(json.next_url).toBe(`https://meridianherald.example/feeds/archive/${pages}/feed.json`);
  });
});
