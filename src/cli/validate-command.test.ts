import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aFeed, anArticle, aWire } from '../../test/builders.js';
import { tempDir, writeTree } from '../../test/temp-dir.js';
import { renderAtomString } from '../formats/atom.js';
import { renderJsonFeed } from '../formats/jsonfeed.js';
import { newsmlIndexEntry, renderNewsMessage, renderNewsmlIndex } from '../formats/newsml/index.js';
import { renderRssString } from '../formats/rss.js';
import { classify, runValidate } from './validate-command.js';

const wire = aWire();

/** A published folder as a build writes it, all of it valid. */
function goodTree(): Record<string, string> {
  const feed = aFeed([anArticle()]);
  const story = anArticle();
  return {
    'rss.xml': renderRssString(feed),
    'atom.xml': renderAtomString(feed),
    'feed.json': [...renderJsonFeed(feed)].join(''),
    'newsml/harbour-tunnel-vote.xml': renderNewsMessage(story, wire),
    'newsml-index.xml': renderNewsmlIndex(
      [newsmlIndexEntry(story, wire, 'newsml/harbour-tunnel-vote.xml')],
      wire,
      'https://meridianherald.example/feeds/newsml-index.xml',
    ),
    'status.json': '{"ok":true}',
    'index.html': '<!doctype html><title>feeds</title>',
  };
}

async function run(paths: string[], defaultDir?: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runValidate(paths, (l) => lines.push(l), defaultDir);
  return { code, lines };
}

describe('runValidate', () => {
  it('checks every file of a folder by its content, one line each, and exits 0 when all pass', async () => {
    const dir = await tempDir();
    await writeTree(dir, goodTree());
    const rel = (f: string) => path.relative(process.cwd(), path.join(dir, f));
    const { code, lines } = await run([], dir);
    expect(lines).toEqual([
      `ok   ${rel('atom.xml')} (Atom 1.0)`,
      `ok   ${rel('feed.json')} (JSON Feed 1.1)`,
      `ok   ${rel('newsml-index.xml')} (Atom 1.0)`,
      `ok   ${rel('newsml/harbour-tunnel-vote.xml')} (NewsML-G2)`,
      `ok   ${rel('rss.xml')} (RSS 2.0)`,
      `skip ${rel('status.json')} (not a feed)`,
    ]);
    expect(code).toBe(0);
  });

  it('names each failing file with its format and first problem, and exits 1', async () => {
    const dir = await tempDir();
    const good = goodTree();
    await writeTree(dir, {
      'renamed.txt': good['rss.xml'] as string,
      'atom.xml': (good['atom.xml'] as string).replace('<entry>', '<entry><x:y/>'),
      'feed.json': (good['feed.json'] as string).replace('"title"', '"titel"'),
      'cut.json': (good['feed.json'] as string).slice(0, 40),
      'newsml/a.xml': (good['newsml/harbour-tunnel-vote.xml'] as string).replace(
        /<itemMeta>[\s\S]*?<\/itemMeta>/,
        '',
      ),
      'empty.xml': '',
    });
    const rel = (f: string) => path.relative(process.cwd(), path.join(dir, f));
    const { code, lines } = await run([dir]);
    expect(code).toBe(1);
    const line = (f: string) => lines.find((l) => l.includes(` ${rel(f)} `)) ?? '';
    expect(line('renamed.txt')).toBe(`ok   ${rel('renamed.txt')} (RSS 2.0)`);
    expect(line('atom.xml')).toMatch(/^FAIL .*atom\.xml \(Atom 1\.0\): line \d+: namespace error/);
    expect(line('feed.json')).toMatch(/^FAIL .*feed\.json \(JSON Feed 1\.1\): /);
    expect(line('cut.json')).toMatch(/^FAIL .*cut\.json \(JSON\): not valid JSON/);
    expect(line('newsml/a.xml')).toMatch(
      /^FAIL .*a\.xml \(NewsML-G2\): line \d+: .*'contentMeta': This element is not expected/,
    );
    expect(line('empty.xml')).toMatch(/^FAIL .*empty\.xml \(XML\): /);
  });

  it('fails a path that does not exist, and a folder with nothing in it', async () => {
    const dir = await tempDir();
    const missing = path.join(dir, 'nope');
    const { code, lines } = await run([missing, dir]);
    expect(code).toBe(1);
    expect(lines).toContain(`FAIL ${path.relative(process.cwd(), missing)}: cannot read (ENOENT)`);
    expect(lines).toContain(`FAIL ${path.relative(process.cwd(), dir)}: no files to validate`);
  });
});

describe('classify', () => {
  it('reads the format from the root element and its namespace, or the JSON Feed version', () => {
    const decl = '<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE x [<!ENTITY a "b">]>\n';
    expect(classify('a', `${decl}<rss version="2.0">`)).toEqual({ kind: 'xml', label: 'RSS 2.0' });
    expect(classify('a', '<a:feed xmlns:a="http://www.w3.org/2005/Atom">')).toEqual({
      kind: 'xml',
      label: 'Atom 1.0',
    });
    expect(classify('a', '<feed xmlns="http://example.com/">')).toBeUndefined();
    expect(classify('a', "<newsItem xmlns='http://iptc.org/std/nar/2006-10-01/'>")?.label).toBe('NewsML-G2');
    expect(classify('a', '{"version":"https://jsonfeed.org/version/1"}')?.label).toBe('JSON Feed 1');
    expect(classify('a.json', '{"ok":true}')).toBeUndefined();
    expect(classify('a.html', '<!doctype html><html>')).toBeUndefined();
  });
});
