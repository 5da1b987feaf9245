import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultyWriteFs } from '../../test/faulty-write-fs.js';
import { tempDir } from '../../test/temp-dir.js';
import { bytesOf, type Output, publishOutputs, safeTarget } from './publish-outputs.js';

const RSS_OK =
  '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>t</title></channel></rss>\n';

describe('publishOutputs', () => {
  it('writes new files, then leaves unchanged ones alone (same mtime, not re-checked)', async () => {
    const out = await tempDir();
    const first = await publishOutputs(out, [{ path: 'a/rss.xml', kind: 'rss', text: RSS_OK }]);
    expect(first).toEqual({ written: ['a/rss.xml'], unchanged: [], failed: [] });
    const before = (await stat(path.join(out, 'a/rss.xml'))).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const second = await publishOutputs(out, [{ path: 'a/rss.xml', kind: 'rss', text: RSS_OK }]);
    expect(second).toEqual({ written: [], unchanged: ['a/rss.xml'], failed: [] });
    expect((await stat(path.join(out, 'a/rss.xml'))).mtimeMs).toBe(before);
  });

  it('refuses XML that a strict parser rejects and keeps the previous good version', async () => {
    const out = await tempDir();
    await publishOutputs(out, [{ path: 'rss.xml', kind: 'rss', text: RSS_OK }]);
    const cases = [
      '<rss version="2.0"><channel><media:content url="x"/></channel></rss>', // undeclared prefix
      '<rss version="2.0"><channel><title>\u0001</title></channel></rss>', // control character
      '<rss version="2.0"><channel>', // truncated
    ];
    for (const text of cases) {
      const r = await publishOutputs(out, [{ path: 'rss.xml', kind: 'rss', text }]);
      expect(r.written).toEqual([]);
      expect(r.failed[0]?.path).toBe('rss.xml');
      expect(r.failed[0]?.problems[0]).toMatch(/^line 1: /);
    }
    expect(await readFile(path.join(out, 'rss.xml'), 'utf8')).toBe(RSS_OK);
    expect((await readdir(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes a document given as bytes, and refuses one whose item fails its check', async () => {
    const out = await tempDir();
    const head = RSS_OK.replace('</channel></rss>\n', '');
    const tail = '</channel></rss>\n';
    const run = Math.random().toString(36).slice(2);
    const document = (path: string, item: string): Output => ({
      path,
      kind: 'rss',
      bytes: Buffer.from(head + item + tail),
      parts: {
        skeleton: head + tail,
        kind: 'rss:bytes',
        items: [{ key: `${path}-${run}`, index: 0, story: path, bytes: Buffer.from(item) }],
        scopeOf: () => '',
      },
    });
    const good = document('good/rss.xml', '<item><title>café</title></item>');
    const r = await publishOutputs(out, [good, document('bad/rss.xml', '<item><title>&</title></item>')]);
    expect(r.written).toEqual(['good/rss.xml']);
    expect(r.failed.map((f) => f.path)).toEqual(['bad/rss.xml']);
    expect(await readFile(path.join(out, 'good/rss.xml'))).toEqual(bytesOf(good));
    expect(await readFile(path.join(out, 'good/rss.xml'), 'utf8')).toBe(
      `${head}<item><title>café</title></item>${tail}`,
    );
  });

  it('refuses a JSON Feed that breaks the 1.1 schema', async () => {
    const out = await tempDir();
    const text = JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 't', items: [] });
    const r = await publishOutputs(out, [{ path: 'feed.json', kind: 'jsonfeed', text }]);
    expect(r.failed).toHaveLength(1);
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses a NewsML-G2 message the IPTC schema rejects', async () => {
    const out = await tempDir();
    const text = '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet/></newsMessage>';
    const r = await publishOutputs(out, [{ path: 'newsml/x.xml', kind: 'newsml', text }]);
    expect(r.failed.map((f) => f.path)).toEqual(['newsml/x.xml']);
  });

  it('never writes outside the output folder, whatever the path', async () => {
    const parent = await tempDir();
    const out = path.join(parent, 'feeds');
    for (const p of [
      '../escape.xml',
      '/etc/escape.xml',
      'a/../../escape.xml',
      'a\\..\\..\\x.xml',
      '',
      'x\0.xml',
    ]) {
      expect(safeTarget(out, p), p).toBeUndefined();
      const r = await publishOutputs(out, [{ path: p, kind: 'rss', text: RSS_OK }]);
      expect(r.failed.map((f) => f.problems)).toEqual([['path leads outside the output folder']]);
    }
    expect(await readdir(parent)).toEqual([]);
  });

  it('reports a failed write and keeps the old file', async () => {
    const out = await tempDir();
    await publishOutputs(out, [{ path: 'rss.xml', kind: 'rss', text: RSS_OK }]);
    // A file where the folder should be makes the write fail the way a full disk would.
    await writeFile(path.join(out, 'blocked'), 'x');
    const r = await publishOutputs(out, [{ path: 'blocked/rss.xml', kind: 'rss', text: RSS_OK }]);
    expect(r.failed[0]?.problems[0]).toMatch(/^write failed: /);
    expect(await readFile(path.join(out, 'rss.xml'), 'utf8')).toBe(RSS_OK);
  });

  it('on ENOSPC or EIO the files already served stay whole and the others are still published', async () => {
    const out = await tempDir();
    const rss = (title: string) => RSS_OK.replace('<title>t</title>', `<title>${title}</title>`);
    const json = (n: number) => `{"n": ${n}}\n`;
    await publishOutputs(out, [
      { path: 'rss.xml', kind: 'rss', text: rss('old') },
      { path: 'sections/world/rss.xml', kind: 'rss', text: rss('old world') },
      { path: 'status.json', kind: 'json', text: json(1) },
    ]);
    for (const fault of [
      { step: 'write', code: 'ENOSPC', pathEndsWith: 'rss.xml' },
      { step: 'sync', code: 'EIO', pathEndsWith: 'rss.xml' },
    ] as const) {
      const r = await publishOutputs(
        out,
        [
          { path: 'rss.xml', kind: 'rss', text: rss(`new ${fault.code}`) },
          { path: 'sections/world/rss.xml', kind: 'rss', text: rss(`new world ${fault.code}`) },
          { path: 'status.json', kind: 'json', text: json(2) },
        ],
        { fs: faultyWriteFs(fault) },
      );
      expect(r.failed.map((f) => [f.path, f.problems[0]?.startsWith(`write failed: ${fault.code}`)])).toEqual(
        [
          ['rss.xml', true],
          ['sections/world/rss.xml', true],
        ],
      );
      expect(r.written).toEqual(fault.code === 'ENOSPC' ? ['status.json'] : []);
      expect(await readFile(path.join(out, 'rss.xml'), 'utf8')).toBe(rss('old'));
      expect(await readFile(path.join(out, 'sections/world/rss.xml'), 'utf8')).toBe(rss('old world'));
      expect(await readFile(path.join(out, 'status.json'), 'utf8')).toBe(json(2));
      const left = (await readdir(out, { recursive: true })).filter((f) => f.endsWith('.tmp'));
      expect(left).toEqual([]);
    }
  });
});

describe('publishOutputs and document type declarations', () => {
  it('refuses any XML output that carries a DOCTYPE, before a parser expands anything', async () => {
    const out = await tempDir();
    const text =
      '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<rss version="2.0"><channel><title>&x;</title></channel></rss>';
    const r = await publishOutputs(out, [
      { path: 'rss.xml', kind: 'rss', text },
      { path: 'newsml/a.xml', kind: 'newsml', text },
    ]);
    const refused = 'line 1: DOCTYPE refused: a feed never needs one, and its entities are not expanded';
    expect(r.failed).toEqual([
      { path: 'rss.xml', problems: [refused] },
      { path: 'newsml/a.xml', problems: [refused] },
    ]);
    expect(await readdir(out)).toEqual([]);
  });
});
