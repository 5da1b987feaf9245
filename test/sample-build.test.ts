import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { checkJsonFeed } from '../src/publish/check-json-feed.js';
import { loadContent } from '../src/records/load-content.js';
import { REPO, runCli } from './run-cli.js';
import { tempDir } from './temp-dir.js';
import { validateFeed } from './validate-feed.js';

const NOW = '2026-11-26T00:00:00Z';
const FILES = ['rss.xml', 'atom.xml', 'feed.json', 'status.json'];

async function buildSample(out: string, now = NOW) {
  return runCli(['build', '--out', out, '--now', now]);
}

const read = (dir: string, f: string) => readFile(path.join(dir, f), 'utf8');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

async function sampleArticles() {
  const r = await loadContent(path.join(REPO, 'content'), {
    baseUrl: 'https://meridianherald.example/',
    language: 'en',
    maxFileBytes: 16e6,
    maxBodyBytes: 2e6,
    displayRoot: REPO,
  });
  return r.articles;
}

describe('the sample build', () => {
  it('writes RSS, Atom and JSON Feed that pass the W3C validator and the JSON Feed 1.1 schema', async () => {
    const out = await tempDir();
    const run = await buildSample(out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('17 of 17 records valid, 0 rejected');
    // One feed of each kind, in scripts the validator must read; the W3C service takes
    // about a second a file, so the rest get the JSON Feed schema and the publish gate.
    const folders = ['', 'sections/sport/', 'tags/天文学/', 'authors/رامي-القصّار/', 'custom/staff/'];
    for (const dir of folders) {
      for (const f of ['rss.xml', 'atom.xml']) {
        const v = await validateFeed(await read(out, dir + f));
        expect(v.output).toMatch(/0 error\(s\)/);
        expect(v.ok, `${dir}${f}: ${v.output}`).toBe(true);
      }
    }
    const jsonFeeds = (await listFiles(out)).filter((f) => f.endsWith('feed.json'));
    expect(jsonFeeds.length).toBeGreaterThan(70);
    for (const f of jsonFeeds) expect(checkJsonFeed(await read(out, f)), f).toEqual([]);
  });

  it('carries every public story and every caption and full credit line, and no draft, kill or early embargo', async () => {
    const out = await tempDir();
    await buildSample(out);
    const articles = await sampleArticles();
    const visible = articles.filter((a) => a.status === 'published');
    const hidden = articles.filter((a) => a.status !== 'published');
    expect(hidden.map((a) => a.status).sort()).toEqual(['draft', 'embargoed', 'killed']);
    const json = JSON.parse(await read(out, 'feed.json'));
    const rss = await read(out, 'rss.xml');
    const atom = await read(out, 'atom.xml');
    const parsedRss = new XMLParser({ ignoreAttributes: false }).parse(rss);
    const rssText = JSON.stringify(parsedRss);
    expect(json.items).toHaveLength(visible.length);
    expect(parsedRss.rss.channel.item).toHaveLength(visible.length);
    for (const a of visible) {
      const item = json.items.find((i: { id: string }) => i.id.endsWith(`:story/${a.id}`));
      expect(item, a.id).toBeDefined();
      for (const img of a.images) {
        expect(JSON.stringify(item._syndicate)).toContain(JSON.stringify(img.credit.line));
        expect(JSON.stringify(item._syndicate)).toContain(JSON.stringify(img.caption));
        expect(rssText).toContain(JSON.stringify(img.caption));
        expect(atom).toContain(img.url);
      }
    }
    for (const a of hidden) {
      expect(rss).not.toContain(`:story/${a.id}<`);
      expect(atom).not.toContain(`:story/${a.id}<`);
      expect(JSON.stringify(json)).not.toContain(`:story/${a.id}"`);
    }
  });

  it('releases the embargoed story once its instant has passed, with no change to its record', async () => {
    const before = await tempDir();
    const after = await tempDir();
    await buildSample(before, '2031-01-15T08:59:59Z');
    await buildSample(after, '2031-01-15T09:00:00Z');
    expect(await read(before, 'rss.xml')).not.toContain('story/port-authority-bond-issue<');
    expect(await read(after, 'rss.xml')).toContain('story/port-authority-bond-issue<');
    const status = JSON.parse(await read(before, 'status.json'));
    expect(status.stories.nextEmbargo).toBe('2031-01-15T09:00:00Z');
  });

  it('gives the same bytes twice, and a second build rewrites nothing', async () => {
    const a = await tempDir();
    const b = await tempDir();
    await buildSample(a);
    const mtimes = await Promise.all(FILES.map(async (f) => (await stat(path.join(a, f))).mtimeMs));
    await buildSample(b);
    for (const f of FILES) expect(await read(b, f), f).toBe(await read(a, f));
    await new Promise((r) => setTimeout(r, 20));
    const again = await runCli(['build', '--out', a, '--now', NOW, '--json']);
    expect(JSON.parse(again.stdout).written).toEqual([]);
    expect(await Promise.all(FILES.map(async (f) => (await stat(path.join(a, f))).mtimeMs))).toEqual(mtimes);
  });

  it('matches what the repository publishes in feeds/', async () => {
    const out = await tempDir();
    await buildSample(out);
    const committed = await listFiles(path.join(REPO, 'feeds'));
    expect(committed).toEqual(await listFiles(out));
    for (const f of committed)
      expect(await read(path.join(REPO, 'feeds'), f), `feeds/${f} is stale: run npm start`).toBe(
        await read(out, f),
      );
  });
});
