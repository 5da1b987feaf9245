import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNewsml } from '../src/publish/check-newsml.js';
import { loadContent } from '../src/records/load-content.js';
import { REPO, runCli } from './run-cli.js';
import { tempDir } from './temp-dir.js';

const NOW = '2026-11-26T00:00:00Z';
const read = (f: string) => readFile(f, 'utf8');

async function wireFiles(out: string): Promise<Map<string, string>> {
  const dir = path.join(out, 'newsml');
  const names = (await readdir(dir)).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await read(path.join(dir, n))] as const)));
}

const attrOf = (xml: string, re: RegExp) => [...xml.matchAll(re)].map((m) => m[1]);

describe('the sample wire output', () => {
  it('is one schema-valid newsMessage per story sent, crediting every photo verbatim', async () => {
    const out = await tempDir();
    expect((await runCli(['build', '--out', out, '--now', NOW])).code).toBe(0);
    const files = await wireFiles(out);
    const problems = await checkNewsml([...files].map(([name, text]) => ({ name, text })));
    expect(problems).toEqual(new Map());
    const { articles } = await loadContent(path.join(REPO, 'content'), {
      baseUrl: 'https://meridianherald.example/',
      language: 'en',
      maxFileBytes: 16e6,
      maxBodyBytes: 2e6,
      displayRoot: REPO,
    });
    const sent = articles.filter((a) => a.status === 'published' || a.status === 'killed');
    expect([...files.keys()]).toEqual(sent.map((a) => `${a.id}.xml`).sort());
    for (const a of sent) {
      const xml = files.get(`${a.id}.xml`) as string;
      for (const img of a.images) {
        const line = img.credit.line.replaceAll('&', '&amp;');
        expect(xml, `${a.id}: ${img.credit.line}`).toContain(`<creditline>${line}</creditline>`);
      }
    }
    const killed = files.get('striker-transfer-agreed.xml') as string;
    const statuses = attrOf(killed, /<pubStatus qcode="([^"]+)"/g);
    expect(statuses.length).toBeGreaterThan(1); // package and text item
    expect(new Set(statuses)).toEqual(new Set(['stat:canceled']));
    const corrected = files.get('saltworks-cooperative-profits.xml') as string;
    expect(corrected).toContain('<signal qcode="sig:correction"/>');
    expect(attrOf(corrected, /<newsItem [^>]*version="(\d+)"/g)[0]).toBe('2');
  });

  it('holds an embargoed story back until its instant, or sends it early marked embargoed when configured', async () => {
    const before = await tempDir();
    await runCli(['build', '--out', before, '--now', NOW]);
    expect((await wireFiles(before)).has('port-authority-bond-issue.xml')).toBe(false);

    const dir = await tempDir();
    const config = JSON.parse(await read(path.join(REPO, 'syndicate.config.json')));
    config.wire = { earlyEmbargoDelivery: true };
    config.paths = {
      content: path.join(REPO, 'content'),
      out: path.join(dir, 'feeds'),
      state: path.join(dir, 'state'),
    };
    await writeFile(path.join(dir, 'c.json'), JSON.stringify(config));
    expect((await runCli(['build', '--config', path.join(dir, 'c.json'), '--now', NOW])).code).toBe(0);
    const early = (await wireFiles(path.join(dir, 'feeds'))).get('port-authority-bond-issue.xml') as string;
    const embargoes = attrOf(early, /<embargoed>([^<]+)<\/embargoed>/g);
    const items = attrOf(early, /<(newsItem|packageItem) /g);
    expect(embargoes).toHaveLength(items.length);
    expect(new Set(embargoes)).toEqual(new Set(['2031-01-15T09:00:00Z']));
    expect(await read(path.join(dir, 'feeds/rss.xml'))).not.toContain('port-authority-bond-issue');
  });

  it('keeps the guid across a correction and rebuilds an unchanged story to the same bytes', async () => {
    const content = await tempDir();
    await cp(path.join(REPO, 'content'), content, { recursive: true });
    const a = await tempDir();
    const b = await tempDir();
    await runCli(['build', '--content', content, '--out', a, '--now', NOW]);
    const file = path.join(content, 'world/sarrow-border-talks.json');
    const record = JSON.parse(await read(file));
    Object.assign(record, {
      headline: `${record.headline} (updated)`,
      version: 2,
      updated: '2026-11-20T10:00:00Z',
      corrections: [{ date: '2026-11-20T10:00:00Z', text: 'An earlier version misnamed the delegation.' }],
    });
    await writeFile(file, JSON.stringify(record));
    await runCli(['build', '--content', content, '--out', b, '--now', NOW]);
    const [oldFiles, newFiles] = [await wireFiles(a), await wireFiles(b)];
    const guid = (xml: string) => attrOf(xml, /<newsItem [^>]*guid="([^"]+)"/g)[0];
    const before = oldFiles.get('sarrow-border-talks.xml') as string;
    const after = newFiles.get('sarrow-border-talks.xml') as string;
    expect(guid(after)).toBe(guid(before));
    expect(after).toContain('<signal qcode="sig:correction"/>');
    for (const [name, text] of oldFiles)
      if (name !== 'sarrow-border-talks.xml') expect(newFiles.get(name), name).toBe(text);
  });
});
