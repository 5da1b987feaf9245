import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from './run-cli.js';
import { tempDir, writeTree } from './temp-dir.js';

// The real service, as `npm start` runs it, on a free port of 127.0.0.1.

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

async function aSite(edit?: (config: Record<string, unknown>) => void) {
  const dir = await tempDir();
  await cp(path.join(REPO, 'content'), path.join(dir, 'content'), { recursive: true });
  const config = JSON.parse(await readFile(path.join(REPO, 'syndicate.config.json'), 'utf8'));
  delete config.$schema;
  config.serve = { port: 0, host: '127.0.0.1' };
  edit?.(config);
  await writeFile(path.join(dir, 'syndicate.config.json'), JSON.stringify(config));
  return dir;
}

async function start(
  dir: string,
  args: readonly string[] = [],
): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = spawn(process.execPath, [path.join(REPO, 'bin/syndicate.js'), 'start', ...args], {
    cwd: dir,
    env: { ...process.env, CI: 'true', PORT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const m = /"url":"http:\/\/127\.0\.0\.1:(\d+)\/"/.exec(out);
    if (m) return { child, url: `http://127.0.0.1:${m[1]}/`, log: () => out };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`service did not start:\n${out}`);
}

describe('syndicate start', () => {
  it('serves the feeds with ETags, 304s, gzip, and 404 for anything outside the folder', async () => {
    const dir = await aSite();
    const { url } = await start(dir);
    const first = await fetch(`${url}rss.xml`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"/);
    expect(await first.text()).toBe(await readFile(path.join(dir, 'feeds/rss.xml'), 'utf8'));
    expect((await fetch(`${url}rss.xml`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const gz = await fetch(`${url}feed.json`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('vary')).toMatch(/accept-encoding/i);
    const types = await fetch(`${url}newsml/tidal-array-pilot.xml`);
    expect(types.headers.get('content-type')).toBe('application/vnd.iptc.g2.newsmessage+xml; charset=utf-8');
    expect(gz.status).toBe(200);
    for (const p of ['..%2f..%2fetc%2fpasswd', '%2e%2e/%2e%2e/etc/passwd', '.syndicate/manifest.json']) {
      expect((await fetch(`${url}${p}`)).status, p).toBe(404);
    }
    const health = await (await fetch(`${url}healthz`)).json();
    expect(health).toMatchObject({ ok: true, lastBuild: { ok: true } });
  });

  it('publishes an embargoed story within seconds of its instant, with no change to its record', async () => {
    const dir = await aSite();
    const file = path.join(dir, 'content/business/port-authority-bond-issue.md');
    const soon = new Date(Date.now() + 4000).toISOString();
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text
        .replace(/embargo: .*\n/, `embargo: "${soon}"\n`)
        .replace(/published: .*\n/, 'published: "2026-11-12T09:00:00Z"\n'),
    );
    const { url } = await start(dir);
    const has = async () =>
      (await (await fetch(`${url}rss.xml`)).text()).includes('story/port-authority-bond-issue<');
    expect(await has()).toBe(false);
    const deadline = Date.parse(soon) + 5000;
    while (!(await has()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await has()).toBe(true);
    expect(Date.now()).toBeLessThan(deadline);
  });

  it('with --watch, serves an edited record within a second of the save', async () => {
    const dir = await aSite((config) => {
      config.schedule = { cron: '0 0 1 1 *' }; // once a year: only the watcher can explain a build
    });
    const { url, log } = await start(dir, ['--watch']);
    const file = path.join(dir, 'content/culture/lighthouse-opera-premiere.md');
    const original = await readFile(file, 'utf8');
    // First a story in a section folder created after start: it must be watched too. Untimed:
    // the first incremental build of a process pays one-off compilation, which on a loaded
    // machine alone can take a second; the latency a newsroom sees is that of the edits after it.
    const added = original
      .replace(/^id: .*$/m, 'id: lighthouse-opera-encore')
      .replace(/^headline: .*$/m, 'headline: "Lighthouse opera adds an encore night"')
      .replace(/^url: .*$/m, 'url: "/opinion/lighthouse-opera-encore"');
    await writeTree(path.join(dir, 'content'), { 'opinion/lighthouse-opera-encore.md': added });
    const addedAt = Date.now();
    while (!(await (await fetch(`${url}rss.xml`)).text()).includes('story/lighthouse-opera-encore<')) {
      expect(Date.now() - addedAt, log()).toBeLessThan(10_000);
      await new Promise((r) => setTimeout(r, 20));
    }
    const latencies: number[] = [];
    const watchBuilds = () =>
      log()
        .split('\n')
        .filter((l) => /"event":"build".*"reason":"watch"/.test(l));
    for (const [i, save] of ['in place', 'atomic'].entries()) {
      const headline = `Lighthouse opera extended, edit ${i}`;
      const text = original.replace(/^headline: .*$/m, `headline: "${headline}"`);
      // The previous edit's build has ended: each edit is timed from a quiet service.
      while (watchBuilds().length < i + 1) await new Promise((r) => setTimeout(r, 10));
      const saved = Date.now();
      if (save === 'in place') await writeFile(file, text);
      else {
        // As editors save: a temporary file beside it, renamed over the record.
        await writeFile(`${path.dirname(file)}/.lighthouse-opera-premiere.md.tmp`, text);
        await rename(`${path.dirname(file)}/.lighthouse-opera-premiere.md.tmp`, file);
      }
      // Generous deadline so a slow machine reports the latency rather than a timeout.
      while (Date.now() - saved < 10_000) {
        if ((await (await fetch(`${url}rss.xml`)).text()).includes(headline)) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      latencies.push(Date.now() - saved);
    }
    const report = `latencies ${latencies.join(', ')} ms\n${log()}`;
    for (const ms of latencies) expect(ms, report).toBeLessThan(1000);
    expect(watchBuilds().length, report).toBeGreaterThanOrEqual(1);
  });

  it('stops on SIGTERM leaving no temporary file and no lock', async () => {
    const dir = await aSite();
    const { child } = await start(dir);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const state = await readdir(path.join(dir, '.syndicate'));
    expect(state.filter((f) => f.includes('lock') || f.endsWith('.tmp'))).toEqual([]);
    const published = await readdir(path.join(dir, 'feeds'), { recursive: true });
    expect(published.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
