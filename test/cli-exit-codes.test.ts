import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';
import { tempDir, writeTree } from './temp-dir.js';

const NOW = '2026-11-26T00:00:00Z';

describe('syndicate build exit codes', () => {
  it('publishes the good records, names each bad file and field, and exits 1', async () => {
    const content = await tempDir();
    const out = await tempDir();
    await cp(path.join(REPO, 'content'), content, { recursive: true });
    const lead = JSON.parse(await readFile(path.join(content, 'world/sarrow-border-talks.json'), 'utf8'));
    delete lead.images[1].credit;
    await writeTree(content, {
      'world/sarrow-border-talks.json': JSON.stringify(lead),
      'world/broken.json': '{ "id": "broken", ',
      'local/no-offset.md':
        '---\nid: no-offset\nheadline: A\nurl: /local/a\npublished: 2026-10-01T09:00:00\nsection: local\n---\nText',
      'local/copy.json': JSON.stringify({ ...lead, images: [] }),
    });
    const run = await runCli(['build', '--content', content, '--out', out, '--now', NOW]);
    expect(run.code).toBe(1);
    const rel = (f: string) => path.relative(REPO, path.join(content, f));
    expect(run.stderr).toContain(`${rel('world/sarrow-border-talks.json')}: images[1].credit: required`);
    expect(run.stderr).toContain(`${rel('world/broken.json')}: malformed JSON: `);
    expect(run.stderr).toContain(
      `${rel('local/no-offset.md')}: published: "2026-10-01T09:00:00" has no UTC offset; add Z or one like +02:00`,
    );
    expect(run.stderr).toContain(`${rel('local/copy.json')}: id: "sarrow-border-talks" is also used by`);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const rss = await readFile(path.join(out, 'rss.xml'), 'utf8');
    expect(rss).toContain('story/harbour-tunnel-vote<');
    expect(rss).not.toContain('story/sarrow-border-talks<');
    const status = JSON.parse(await readFile(path.join(out, 'status.json'), 'utf8'));
    expect(status.ok).toBe(false);
    expect(status.rejected.map((r: { file: string }) => r.file).sort()).toEqual(
      [
        rel('local/copy.json'),
        rel('local/no-offset.md'),
        rel('world/broken.json'),
        rel('world/sarrow-border-talks.json'),
      ].sort(),
    );
  });

  it('exits 2 and writes nothing when the configuration is wrong, naming the key', async () => {
    const dir = await tempDir();
    const config = JSON.parse(await readFile(path.join(REPO, 'syndicate.config.json'), 'utf8'));
    config.site.baseUrl = 'meridianherald.example';
    config.feeds.main.maxItems = 0;
    await writeFile(path.join(dir, 'syndicate.config.json'), JSON.stringify(config));
    const out = path.join(dir, 'feeds');
    const run = await runCli(
      ['build', '--config', path.join(dir, 'syndicate.config.json'), '--out', out],
      dir,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'syndicate.config.json: site.baseUrl: must be an absolute http(s) URL ending with "/"',
    );
    expect(run.stderr).toContain('syndicate.config.json: feeds.main.maxItems: ');
    expect(await readdir(dir)).toEqual(['syndicate.config.json']);
  });

  it('exits 2 on a usage error and explains', async () => {
    expect((await runCli(['publish'])).code).toBe(2);
    const bad = await runCli(['build', '--now', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--now: "yesterday" is not an RFC 3339 date-time');
    const unknown = await runCli(['build', '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--frobnicate'");
    const watch = await runCli(['serve', '--watch']);
    expect([watch.code, watch.stderr]).toEqual([2, 'syndicate: --watch applies to start only\n']);
  });

  it('exits 2 when there is no configuration file', async () => {
    const dir = await tempDir();
    const run = await runCli(['build'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('syndicate.config.json: cannot read (ENOENT)');
  });
});
