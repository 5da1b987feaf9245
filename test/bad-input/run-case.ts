import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from '../../src/build.js';
import { loadConfig } from '../../src/config/load-config.js';
import { formatDiagnostic } from '../../src/records/article.js';
import { REPO } from '../run-cli.js';
import { tempDir } from '../temp-dir.js';

// The bad-input suite: each case is a folder of data (record files plus expected.json). A case
// is built on top of a small base site, in process, with the real build and its publish gate;
// the base site alone is built once for comparison.

export const SUITE = path.join(REPO, 'test/bad-input');
export const NOW = Date.parse('2026-11-26T00:00:00Z');

/** A diagnostic line exactly as printed, or a pattern for text a library words (JSON.parse). */
export type ExpectedLine = string | { readonly pattern: string };

export interface Expected {
  /** Why this input is hostile and what the product does about it. */
  readonly why: string;
  /** Every diagnostic of the build, in order, as `syndicate build` prints them. */
  readonly diagnostics: readonly ExpectedLine[];
  /** Ids of the case's stories that appear in the main JSON Feed (none when absent). */
  readonly published?: readonly string[];
  /** Fields of the JSON Feed item of `published[0]`, as published. */
  readonly item?: Record<string, unknown>;
  /** Text that no published file may contain. */
  readonly absent?: readonly string[];
  /** Ids that must have a NewsML-G2 file, and whether it is a cancel. */
  readonly wire?: Record<string, 'usable' | 'canceled'>;
  /** Record files (under `content/`) deleted after the `before` build: a vanished record. */
  readonly remove?: readonly string[];
  readonly setup?: Setup;
  /** What differs when the build does not run as root (which reads any file whatever its mode). */
  readonly nonRoot?: Pick<Expected, 'diagnostics' | 'published'>;
}

interface Setup {
  /** Files written from hex, for bytes a text fixture cannot hold. */
  readonly hex?: Record<string, string>;
  /** Symbolic links: path → target (`$OUTSIDE` is a folder beside the site). */
  readonly symlinks?: Record<string, string>;
  readonly chmod?: Record<string, number>;
  /** Named pipes, which block whoever reads them until a writer comes. */
  readonly fifos?: readonly string[];
  /** Replaces `marker` in a fixture file with `text` repeated `times`: huge or deep inputs. */
  readonly repeat?: readonly { file: string; marker: string; text: string; times: number }[];
}

export interface CaseRun {
  readonly name: string;
  readonly expected: Expected;
  readonly lines: string[];
  readonly outputs: Map<string, Buffer>;
  readonly failed: readonly { path: string; problems: string[] }[];
}

export async function listCases(group: string): Promise<string[]> {
  const dir = path.join(SUITE, 'cases', group);
  return (await readdir(dir)).sort().map((n) => path.join(group, n));
}

async function siteConfig() {
  return (await loadConfig(path.join(REPO, 'syndicate.config.json'))).config;
}

/** Builds `content` (and first `before`, when the case has one) in a fresh site. */
async function buildSite(caseDir: string | undefined) {
  const site = await tempDir('syndicate-bad-');
  await cp(path.join(SUITE, 'base/content'), path.join(site, 'content'), { recursive: true });
  const config = await siteConfig();
  const run = () => build({ config, baseDir: site, now: NOW, enrich: false });
  if (caseDir === undefined) return { site, result: await run() };
  const expected = JSON.parse(await readFile(path.join(caseDir, 'expected.json'), 'utf8')) as Expected;
  const names = await readdir(caseDir);
  if (names.includes('before')) {
    await cp(path.join(caseDir, 'before'), path.join(site, 'content'), { recursive: true });
    await run();
  }
  if (names.includes('content'))
    await cp(path.join(caseDir, 'content'), path.join(site, 'content'), { recursive: true });
  for (const p of expected.remove ?? []) await rm(path.join(site, p));
  await applySetup(site, caseDir, expected.setup ?? {});
  const asUser =
    process.getuid?.() !== 0 && expected.nonRoot ? { ...expected, ...expected.nonRoot } : expected;
  return { site, expected: asUser, result: await run() };
}

async function applySetup(site: string, caseDir: string, setup: Setup): Promise<void> {
  const at = (p: string) => path.join(site, p);
  for (const [p, hex] of Object.entries(setup.hex ?? {})) {
    await mkdir(path.dirname(at(p)), { recursive: true });
    await writeFile(at(p), Buffer.from(hex, 'hex'));
  }
  for (const r of setup.repeat ?? []) {
    const text = await readFile(path.join(caseDir, r.file), 'utf8');
    await writeFile(at(r.file), text.replace(r.marker, r.text.repeat(r.times)));
  }
  const outside = await tempDir('syndicate-outside-');
  await writeFile(path.join(outside, 'secret.json'), '{"id":"secret","headline":"planted"}');
  for (const [p, target] of Object.entries(setup.symlinks ?? {})) {
    await mkdir(path.dirname(at(p)), { recursive: true });
    await symlink(target.replace('$OUTSIDE', outside), at(p));
  }
  for (const [p, mode] of Object.entries(setup.chmod ?? {})) await chmod(at(p), mode);
  for (const p of setup.fifos ?? []) {
    await mkdir(path.dirname(at(p)), { recursive: true });
    execFileSync('mkfifo', [at(p)]);
  }
}

async function readOutputs(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const f of (await readdir(dir, { recursive: true })).sort()) {
    const full = path.join(dir, f);
    if (f.endsWith('.xml') || f.endsWith('.json') || f.endsWith('.html') || f.endsWith('.opml'))
      out.set(f.split(path.sep).join('/'), await readFile(full));
  }
  return out;
}

export async function buildBase(): Promise<Map<string, Buffer>> {
  const { result } = await buildSite(undefined);
  return readOutputs(result.outDir);
}

export async function runCase(name: string): Promise<CaseRun> {
  const { site, expected, result } = await buildSite(path.join(SUITE, 'cases', name));
  // Diagnostics name files from the working folder; the site's own root reads as a user's would.
  const fromCwd = `${path.relative(process.cwd(), site)}/`;
  const lines = result.diagnostics.map((d) => {
    const file = path.relative(site, path.resolve(process.cwd(), d.file));
    const message = d.message.replaceAll(fromCwd, '');
    return `${d.severity === 'warning' ? 'warning: ' : ''}${formatDiagnostic({ ...d, file, message })}`;
  });
  return {
    name,
    expected: expected as Expected,
    lines,
    outputs: await readOutputs(result.outDir),
    failed: result.publish.failed,
  };
}

/** Each story's own part of every output: its NewsML-G2 file, its RSS item, Atom entry, JSON item. */
export function storyParts(outputs: ReadonlyMap<string, Buffer>, id: string): Record<string, string> {
  const parts: Record<string, string> = {};
  const newsml = outputs.get(`newsml/${id}.xml`);
  if (newsml) parts.newsml = newsml.toString('utf8');
  const guid = `:story/${id}<`;
  const rss = outputs.get('rss.xml')?.toString('utf8') ?? '';
  parts.rss = (rss.match(/<item>[\s\S]*?<\/item>/g) ?? []).filter((i) => i.includes(guid)).join('');
  const atom = outputs.get('atom.xml')?.toString('utf8') ?? '';
  parts.atom = (atom.match(/<entry>[\s\S]*?<\/entry>/g) ?? []).filter((i) => i.includes(guid)).join('');
  const feed = JSON.parse(outputs.get('feed.json')?.toString('utf8') ?? '{"items":[]}') as {
    items: { id: string }[];
  };
  parts.json = JSON.stringify(feed.items.filter((i) => i.id.endsWith(`:story/${id}`)));
  return parts;
}

export function jsonFeedItems(outputs: ReadonlyMap<string, Buffer>): { id: string; [k: string]: unknown }[] {
  return (JSON.parse(outputs.get('feed.json')?.toString('utf8') ?? '{"items":[]}') as { items: [] }).items;
}
