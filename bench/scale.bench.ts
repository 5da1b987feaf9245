import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { slugOf } from '../src/select/slug.js';
import { writeRawRecords } from './raw-records.js';
import { LARGE_SITE } from './site-shape.js';
import { heading, mb, ms, ratio, renderTable, type Target } from './table.js';

// `npx tsx bench/scale.bench.ts [--quick]`: every feed of a large site (200 sections, 2 000
// tags, 500 authors) built cold, then one story added, at several sizes so growth shows.
// Each size runs in child processes (bench/scale-case.ts) so peak RSS is the build's own.

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');
const CASE = path.join(ROOT, 'bench/scale-case.ts');
const QUICK = process.argv.includes('--quick');
const SIZES = QUICK ? [5_000, 10_000, 20_000] : [25_000, 50_000, 100_000];
const NOW = Date.parse('2026-12-01T00:00:00Z');
const PAST = new Date(Date.parse('2026-11-01T00:00:00Z'));

interface Built {
  /** Of the files written, those that did not exist before. */
  created: string[];
  ms: number;
  read: number;
  rendered: number;
  written: string[] | number;
  feeds: number;
  archivePages: number;
  ok: boolean;
}
interface CaseOut {
  build: Built;
  watch?: Built[];
  poll?: Built[];
  maxRssBytes: number;
}

/** The add whose time is the median of several. */
const median = (adds: Built[]): Built =>
  [...adds].sort((a, b) => a.ms - b.ms)[Math.floor(adds.length / 2)] as Built;

function runCase(args: string[]): Promise<CaseOut> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CASE, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(stdout.trim()) as CaseOut) : reject(new Error(`case exited ${code}`)),
    );
  });
}

async function folderBytes(dir: string): Promise<{ files: number; bytes: number }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  let bytes = 0;
  let files = 0;
  for (const e of entries) {
    if (!e.isFile()) continue;
    files++;
    bytes += (await stat(path.join(e.parentPath, e.name))).size;
  }
  return { files, bytes };
}

/** The feed folders a record belongs to (the generated taxonomy has no slug collisions). */
async function feedFolders(record: string): Promise<Set<string>> {
  const r = JSON.parse(await readFile(record, 'utf8')) as {
    section: string;
    tags: (string | { name: string })[];
    authors: { name: string }[];
    source?: string;
  };
  const folders = ['', `sections/${slugOf(r.section)}/`];
  if (r.source === undefined) folders.push('custom/staff/');
  for (const t of r.tags) folders.push(`tags/${slugOf(typeof t === 'string' ? t : t.name)}/`);
  for (const a of r.authors) folders.push(`authors/${slugOf(a.name)}/`);
  return new Set(folders);
}

/** Written files outside the story's feeds (index and status aside), and pages per feed. */
/**
 * Written files outside the story's feeds (index and status aside), and archive pages per feed:
 * rewritten ones, and new ones (a page that fills is followed by a new, empty one at once).
 */
function outsiders(add: Built, folders: Set<string>) {
  const created = new Set(add.created);
  const pages = new Map<string, number>();
  const fresh = new Map<string, number>();
  const stray: string[] = [];
  for (const f of add.written as string[]) {
    if (['index.html', 'index.json', 'feeds.opml', 'status.json'].includes(f)) continue;
    const m = /^(.*?)(archive\/\d+\/)?(rss\.xml|atom\.xml|feed\.json)$/.exec(f);
    const folder = m?.[1] ?? f;
    if (!folders.has(folder)) stray.push(f);
    const count = created.has(f) ? fresh : pages;
    if (m?.[2] && m[3] === 'rss.xml') count.set(folder, (count.get(folder) ?? 0) + 1);
  }
  return { stray, maxPages: Math.max(0, ...pages.values()), maxNew: Math.max(0, ...fresh.values()) };
}

/** Every watched add checked against its own record's feeds, as one result. */
async function checkAll(adds: Built[], records: string[]): Promise<ReturnType<typeof outsiders>> {
  const checks = await Promise.all(
    adds.map(async (a, i) => outsiders(a, await feedFolders(records[i] as string))),
  );
  return {
    stray: checks.flatMap((c) => c.stray),
    maxPages: Math.max(...checks.map((c) => c.maxPages)),
    maxNew: Math.max(...checks.map((c) => c.maxNew)),
  };
}

function flushToDisk(): void {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // No sync(1) here: the cold build's figure then includes that writeback.
  }
}

interface Row {
  size: number;
  cold: CaseOut;
  service: Built;
  polling: Built;
  cli: Built;
  cliRss: number;
  out: { files: number; bytes: number };
  serviceCheck: ReturnType<typeof outsiders>;
  pollingCheck: ReturnType<typeof outsiders>;
  cliCheck: ReturnType<typeof outsiders>;
}

async function measureSize(size: number, dir: string): Promise<Row> {
  const content = path.join(dir, 'content');
  let t0 = performance.now();
  // Five more than `size`, held back and added one at a time: three to a watching service
  // (the median is shown), one to a polling service, one by the one-shot CLI.
  const files = writeRawRecords(content, size + 5, PAST, 20261002, LARGE_SITE);
  const held = files.slice(0, 5).map((file, i) => ({ file, away: path.join(dir, `held-${i}.json`) }));
  for (const h of held) await rename(h.file, h.away);
  const [cliAdd, pollAdd, ...watchAdds] = held as [(typeof held)[0], (typeof held)[0], ...typeof held];
  // Written back to disk before the timed build, which would otherwise share the disk and the
  // kernel's time with the writeback of its own input (and of the previous size's output).
  flushToDisk();
  console.log(`${size}: wrote ${size + 5} records in ${ms(performance.now() - t0)} (not measured)`);
  t0 = performance.now();
  const cold = await runCase([
    dir,
    String(NOW),
    ...watchAdds.flatMap((h) => ['watch', h.away, h.file]),
    ...['poll', pollAdd.away, pollAdd.file],
  ]);
  if (!cold.watch?.length || !cold.poll?.length) throw new Error('no add result');
  const out = await folderBytes(path.join(dir, 'out'));
  const cli = await runCase([dir, String(NOW), 'cli', cliAdd.away, cliAdd.file]);
  console.log(`${size}: done in ${ms(performance.now() - t0)}`);
  return {
    size,
    cold,
    service: median(cold.watch),
    polling: median(cold.poll),
    cli: cli.build,
    cliRss: cli.maxRssBytes,
    out,
    serviceCheck: await checkAll(
      cold.watch,
      watchAdds.map((h) => h.file),
    ),
    pollingCheck: outsiders(cold.poll[0] as Built, await feedFolders(pollAdd.file)),
    cliCheck: outsiders(cli.build, await feedFolders(cliAdd.file)),
  };
}

async function main(): Promise<void> {
  console.log(
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()[0]?.toFixed(2)}`,
  );
  const rows: Row[] = [];
  // The sites are removed at the end, not after each size: on an ext4 without a journal, files
  // created within minutes of tens of thousands being deleted pay for the kernel skipping their
  // recently freed inodes (`recently_deleted`), which took several seconds of a build's system
  // time here. A build seldom follows such a purge; the next size would always have.
  const dirs: string[] = [];
  try {
    for (const size of SIZES) {
      dirs.push(await mkdtemp(path.join(tmpdir(), 'syndicate-scale-')));
      rows.push(await measureSize(size, dirs.at(-1) as string));
    }
  } finally {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }

  console.log(heading('Every feed of the site, cold, then one story added (feeds only, no enrichment)'));
  console.log(
    renderTable(
      [
        'stories',
        'feeds',
        'pages',
        'files',
        'output',
        'cold build',
        'per 1k',
        'peak RSS',
        'add one (watching, median of 3)',
        'written',
        'add one (polling)',
        'add one (CLI)',
      ],
      rows.map((r) => [
        String(r.size),
        String(r.cold.build.feeds),
        String(r.cold.build.archivePages),
        String(r.out.files),
        mb(r.out.bytes),
        ms(r.cold.build.ms),
        ms((r.cold.build.ms / r.size) * 1000),
        mb(r.cold.maxRssBytes),
        ms(r.service.ms),
        String((r.service.written as string[]).length),
        ms(r.polling.ms),
        ms(r.cli.ms),
      ]),
    ),
  );
  const largest = rows[rows.length - 1] as Row;
  const prior = rows[rows.length - 2] as Row;
  const growth = largest.size / prior.size;
  const targets: Target[] = [
    {
      label: `cold build of ${largest.size} stories < 60 s`,
      pass: largest.cold.build.ms < 60_000 && largest.cold.build.ok,
      detail: `${ms(largest.cold.build.ms)}, ${largest.cold.build.written} files written, ok=${largest.cold.build.ok}`,
    },
    {
      label: `peak RSS of that build < 1 GB`,
      pass: largest.cold.maxRssBytes < 1e9,
      detail: mb(largest.cold.maxRssBytes),
    },
    {
      label: `adding one story to ${largest.size} < 1 s (service watching its content, state in memory)`,
      pass: largest.service.ms < 1000,
      detail: `${ms(largest.service.ms)}, read ${largest.service.read}, wrote ${(largest.service.written as string[]).length}; on its schedule alone, every record checked: ${ms(largest.polling.ms)}`,
    },
    ...rows.map((r) => ({
      label: `${r.size}: the added story rewrote only its own feeds, at most one archive page each`,
      pass:
        [r.serviceCheck, r.pollingCheck, r.cliCheck].every((c) => c.stray.length === 0) &&
        Math.max(r.serviceCheck.maxPages, r.pollingCheck.maxPages, r.cliCheck.maxPages) <= 1 &&
        Math.max(r.serviceCheck.maxNew, r.pollingCheck.maxNew, r.cliCheck.maxNew) <= 1,
      detail: `stray: ${[...r.serviceCheck.stray, ...r.pollingCheck.stray, ...r.cliCheck.stray].slice(0, 3).join(', ') || 'none'}; most pages rewritten in one feed: ${Math.max(r.serviceCheck.maxPages, r.pollingCheck.maxPages, r.cliCheck.maxPages)}, made: ${Math.max(r.serviceCheck.maxNew, r.pollingCheck.maxNew, r.cliCheck.maxNew)}`,
    })),
    {
      label: `cold time grows no faster than the site (${prior.size} → ${largest.size}: ${ratio(growth)})`,
      pass: largest.cold.build.ms / prior.cold.build.ms <= growth * 1.15,
      detail: ratio(largest.cold.build.ms / prior.cold.build.ms),
    },
    {
      label: `peak RSS grows no faster than the site`,
      pass: largest.cold.maxRssBytes / prior.cold.maxRssBytes <= growth * 1.15,
      detail: ratio(largest.cold.maxRssBytes / prior.cold.maxRssBytes),
    },
    {
      label: `adding one story grows no faster than the site`,
      pass: largest.service.ms / prior.service.ms <= growth * 1.15,
      detail: ratio(largest.service.ms / prior.service.ms),
    },
  ];
  console.log(heading('Targets'));
  for (const t of targets) console.log(`${t.pass ? 'PASS' : 'FAIL'}  ${t.label}: ${t.detail}`);
}

await main();
