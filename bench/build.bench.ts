import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Format } from './baselines.js';
import type { CaseResult, Impl } from './case.js';
import { newsmlSection } from './newsml.js';
import {
  heading,
  mb,
  mbPerSec,
  median,
  ms,
  percent,
  perSec,
  rate,
  ratio,
  renderTable,
  type Target,
} from './table.js';

// `npm run bench [-- --quick]`: our RSS, Atom and JSON Feed writers against the `feed` package
// and JSON.stringify on the same generated stories, each case in its own process (bench/case.ts)
// so that its peak RSS is its own. Targets are checked at the end.

// `--quick` skips 100 000; `--sizes 50,1000` picks sizes; BENCH_HEAP_MB changes every case's heap limit.
const argv = process.argv.slice(2);
const sizesArg = argv[argv.indexOf('--sizes') + 1];
const SIZES = argv.includes('--sizes')
  ? (sizesArg ?? '').split(',').map(Number)
  : argv.includes('--quick')
    ? [50, 1_000, 10_000]
    : [50, 1_000, 10_000, 100_000];
const FORMATS: readonly Format[] = ['rss', 'atom', 'json'];
const ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');
const CASE = path.join(ROOT, 'bench/case.ts');
/** Heap limit for every case; a case that runs out (or throws, or times out) is reported as failed, not fatal. */
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 4096);

interface Case {
  readonly impl: Impl;
  readonly format: Format;
  readonly size: number;
  readonly runs: number;
  readonly stream: boolean;
  readonly timeoutMs: number;
}

interface Outcome {
  readonly c: Case;
  readonly result?: CaseResult;
  readonly failure?: string;
  /** RSS after input generation; peak RSS above it. */
  readonly baselineRss: number;
  readonly peakDelta: number;
  /** The writer never raised the high-water mark set while generating the input: the delta is an upper bound. */
  readonly masked: boolean;
  /** Median and fastest of the measured runs. */
  readonly timeMs: number;
  readonly bestMs: number;
}

const runsFor = (size: number): number => (size <= 50 ? 20 : size <= 10_000 ? 5 : 1);

function cases(): Case[] {
  const list: Case[] = [];
  for (const size of SIZES) {
    const big = size >= 100_000;
    const base = { size, runs: runsFor(size), stream: big };
    for (const format of FORMATS) list.push({ ...base, impl: 'ours', format, timeoutMs: 120_000 });
    for (const format of FORMATS)
      list.push({ ...base, impl: 'feed', format, timeoutMs: big ? 60_000 : 120_000 });
    list.push({ ...base, impl: 'stringify', format: 'json', timeoutMs: 120_000 });
  }
  return list;
}

/** VmHWM of a running child, read from /proc: survives the child being killed or running out of heap. */
function highWaterMark(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function runCase(c: Case): Promise<Outcome> {
  const args = ['--expose-gc', `--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', CASE];
  args.push('--impl', c.impl, '--format', c.format, '--size', String(c.size), '--runs', String(c.runs));
  if (c.stream) args.push('--stream');
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let polled = 0;
  let timedOut = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const poll = setInterval(() => {
    if (child.pid !== undefined) polled = Math.max(polled, highWaterMark(child.pid));
  }, 50);
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, c.timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const grab = (tag: string) => {
        const line = stdout.split('\n').find((l) => l.startsWith(`${tag} `));
        return line === undefined ? undefined : JSON.parse(line.slice(tag.length + 1));
      };
      const result = grab('RESULT') as CaseResult | undefined;
      const base = grab('BASELINE') as { baselineRss: number; maxRssBefore: number } | undefined;
      const baselineRss = result?.baselineRss ?? base?.baselineRss ?? 0;
      if (result !== undefined) {
        const peak = Math.max(result.maxRssAfter, result.sampledPeakRss ?? 0);
        resolve({
          c,
          result,
          ...(result.error === undefined ? {} : { failure: result.error }),
          baselineRss,
          peakDelta: peak - baselineRss,
          masked: result.maxRssAfter <= result.maxRssBefore,
          timeMs: median(result.times),
          bestMs: Math.min(...result.times),
        });
        return;
      }
      const failure = timedOut
        ? `timed out after ${c.timeoutMs / 1000} s`
        : /heap out of memory/i.test(stderr)
          ? 'JavaScript heap out of memory'
          : (stderr
              .trim()
              .split('\n')
              .find((l) => /Error/.test(l)) ?? `exit ${code ?? signal}`);
      resolve({
        c,
        failure,
        baselineRss,
        peakDelta: polled - baselineRss,
        masked: false,
        timeMs: Number.NaN,
        bestMs: Number.NaN,
      });
    });
  });
}

const WRITER: Record<Impl, string> = { ours: 'Syndicate', feed: 'feed 6.0.0', stringify: 'JSON.stringify' };
const FORMAT: Record<Format, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

function find(all: readonly Outcome[], impl: Impl, format: Format, size: number): Outcome | undefined {
  return all.find((o) => o.c.impl === impl && o.c.format === format && o.c.size === size);
}

const ok = (o: Outcome | undefined): o is Outcome & { result: CaseResult } =>
  o?.result !== undefined && o.failure === undefined;

/** How ours compares with the yardsticks at the same size. */
function comparison(all: readonly Outcome[], o: Outcome): string {
  if (o.c.impl !== 'ours' || !ok(o)) return '';
  const feed = find(all, 'feed', o.c.format, o.c.size);
  const vsFeed = ok(feed)
    ? `${ratio(feed.timeMs / o.timeMs)} feed (items/s), ${ratio(mbPerSec(o.result.bytes, o.timeMs) / mbPerSec(feed.result.bytes, feed.timeMs))} by MB/s`
    : 'feed failed';
  if (o.c.format !== 'json') return vsFeed;
  const json = find(all, 'stringify', 'json', o.c.size);
  const vsJson = ok(json)
    ? `${ratio(o.timeMs / json.timeMs)} the time of JSON.stringify`
    : 'JSON.stringify failed';
  return `${vsJson}; ${vsFeed}`;
}

function row(all: readonly Outcome[], o: Outcome): string[] {
  const peak = `${o.masked ? '≤' : ''}${mb(Math.max(0, o.peakDelta))}`;
  const runs = String(o.c.runs);
  if (!ok(o)) {
    return [
      FORMAT[o.c.format],
      WRITER[o.c.impl],
      runs,
      'failed',
      '',
      '',
      '',
      '',
      peak,
      `failed: ${o.failure}`,
    ];
  }
  const { bytes } = o.result;
  const shareOfOutput = o.c.stream ? ` (${percent(Math.max(0, o.peakDelta) / bytes)} of output)` : '';
  return [
    FORMAT[o.c.format],
    WRITER[o.c.impl],
    runs,
    ms(o.timeMs),
    ms(o.bestMs),
    `${mbPerSec(bytes, o.timeMs).toFixed(1)} MB/s`,
    rate(perSec(o.c.size, o.timeMs)),
    mb(bytes),
    peak + shareOfOutput,
    comparison(all, o),
  ];
}

const SKIPPED = 'skipped (size not run)';

function targets(all: readonly Outcome[]): Target[] {
  const list: Target[] = [];
  for (const format of ['rss', 'atom'] as const) {
    const ours = find(all, 'ours', format, 10_000);
    const feed = find(all, 'feed', format, 10_000);
    const label = `${FORMAT[format]} >= 3x feed's throughput at 10 000 stories`;
    if (ours === undefined) {
      list.push({ label, pass: undefined, detail: SKIPPED });
      continue;
    }
    const x = ok(ours) && ok(feed) ? feed.timeMs / ours.timeMs : Number.NaN;
    const xBest = ok(ours) && ok(feed) ? feed.bestMs / ours.bestMs : Number.NaN;
    list.push({
      label,
      pass: Number.isNaN(x) ? false : x >= 3,
      detail: Number.isNaN(x)
        ? 'a case failed'
        : `${ratio(x)} items/s on medians (${ratio(xBest)} on best runs)`,
    });
  }
  const json = find(all, 'ours', 'json', 10_000);
  const str = find(all, 'stringify', 'json', 10_000);
  const jsonLabel = `JSON Feed <= 1.5x JSON.stringify's time at 10 000 stories`;
  const jx = ok(json) && ok(str) ? json.timeMs / str.timeMs : Number.NaN;
  const jxBest = ok(json) && ok(str) ? json.bestMs / str.bestMs : Number.NaN;
  list.push({
    label: jsonLabel,
    pass: json === undefined ? undefined : Number.isNaN(jx) ? false : jx <= 1.5,
    detail:
      json === undefined
        ? SKIPPED
        : Number.isNaN(jx)
          ? 'a case failed'
          : `${ratio(jx)} on medians (${ratio(jxBest)} on best runs)`,
  });
  for (const format of FORMATS) {
    const o = find(all, 'ours', format, 50);
    const cold = o?.result?.coldMs;
    const label = `${FORMAT[format]}: 50-story feed under 5 ms`;
    if (o === undefined) {
      list.push({ label, pass: undefined, detail: SKIPPED });
      continue;
    }
    list.push({
      label,
      pass: ok(o) && o.timeMs < 5,
      detail: ok(o)
        ? `median ${ms(o.timeMs)}${cold === undefined ? '' : `, first (cold) run ${ms(cold)}`}`
        : 'failed',
    });
  }
  for (const format of FORMATS) {
    const o = find(all, 'ours', format, 100_000);
    const label = `${FORMAT[format]}: 100 000 stories streamed, peak RSS < 25% of output above baseline`;
    if (o === undefined) {
      list.push({ label, pass: undefined, detail: SKIPPED });
      continue;
    }
    const share = ok(o) ? Math.max(0, o.peakDelta) / o.result.bytes : Number.NaN;
    list.push({
      label,
      pass: ok(o) && share < 0.25,
      detail: ok(o)
        ? `${mb(Math.max(0, o.peakDelta))} of ${mb(o.result.bytes)} = ${percent(share)}`
        : `failed: ${o.failure}`,
    });
  }
  return list;
}

async function main(): Promise<void> {
  const all: Outcome[] = [];
  const started = performance.now();
  const list = cases();
  const loadBefore = loadavg()[0] ?? 0;
  process.stderr.write(`Running ${list.length} cases, one process each (${cpus().length} CPUs)…\n`);
  for (const c of list) {
    process.stderr.write(`  ${c.size} ${FORMAT[c.format]} ${WRITER[c.impl]}… `);
    const o = await runCase(c);
    process.stderr.write(o.failure ? `failed (${o.failure})\n` : `${ms(o.timeMs)}\n`);
    all.push(o);
  }

  console.log(heading('Feed writers: Syndicate vs feed 6.0.0 and JSON.stringify (same stories)'));
  console.log(
    'median/best: of the timed runs after one warm-up (a single cold run at 100 000); peak RSS: above the RSS after generating the input;',
  );
  console.log('100 000-story cases stream chunks into a temp file, honouring backpressure. MB = 10^6 bytes.');
  console.log(
    `Load average ${loadBefore.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end, on ${cpus().length} CPUs (above 1, other processes competed with the benchmark and inflated its times).`,
  );
  const header = [
    'format',
    'writer',
    'runs',
    'median',
    'best',
    'MB/s',
    'items/s',
    'output',
    'peak RSS',
    'vs baseline',
  ];
  for (const size of SIZES) {
    console.log(`\n${size.toLocaleString('en-US')} stories`);
    console.log(
      renderTable(
        header,
        all.filter((o) => o.c.size === size).map((o) => row(all, o)),
      ),
    );
  }
  const masked = all.some((o) => o.masked);
  if (masked)
    console.log('\n≤: the writer never exceeded the RSS high-water mark left by generating the input.');

  const newsml = await newsmlSection();
  console.log(heading('NewsML-G2'));
  console.log(newsml.text);

  const list2 = [...targets(all), ...newsml.targets];
  console.log(heading('Targets'));
  for (const t of list2) {
    const status = t.pass === undefined ? 'SKIP' : t.pass ? 'PASS' : 'FAIL';
    console.log(`${status}  ${t.label}: ${t.detail}`);
  }
  console.log(`\nTotal ${ms(performance.now() - started)}.`);
}

await main();
