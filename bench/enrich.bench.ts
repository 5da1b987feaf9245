import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/config/load-config.js';
import { type EnrichResult, enrichImages, enrichOptionsOf } from '../src/enrich/index.js';
import type { Article, Image } from '../src/records/article.js';
import { anArticle, anImage } from '../test/builders.js';
import { type FixtureName, startImageHost } from '../test/image-host.js';
import { heading, ms, renderTable, type Target } from './table.js';

// `tsx bench/enrich.bench.ts`: the enrich stage on 1 000 images served from 127.0.0.1, with the
// shipped config defaults (only the loopback host allowed): cold cache, warm cache, and with
// 10% of the images on a hostile host. Wall time is measured against the configured budget.

const IMAGES = 1_000;
/** All at least 400 px wide, so that the problems column counts hosts' misdeeds only. */
const GOOD: readonly FixtureName[] = ['photo.jpg', 'chart.png', 'lamp.webp'];
/** One of each kind of misbehaviour, in turn; the refused one points at a loopback port nobody serves. */
const HOSTILE = [
  '/hang',
  '/trickle',
  '/loop/0',
  '/flaky/{n}/photo.jpg',
  '/lying-type',
  '/lying-length',
  '/huge-chunked',
  '/page.html',
  '/gone',
  `/redirect?to=${encodeURIComponent('http://127.0.0.2:9/x.jpg')}`,
];

function bare(url: string): Image {
  const { type: _t, length: _l, width: _w, height: _h, ...rest } = anImage({ url });
  return rest;
}

/** One story per image; every tenth image on the hostile host when `hostileOrigin` is given. */
function stories(goodOrigin: string, hostileOrigin?: string): Article[] {
  return Array.from({ length: IMAGES }, (_, i) => {
    const hostile = hostileOrigin !== undefined && i % 10 === 9;
    // Distinct URLs throughout: the stage looks each URL up once, however many stories share it.
    const kind = HOSTILE[Math.floor(i / 10) % HOSTILE.length]!.replace('{n}', String(i));
    const route = hostile
      ? `${kind}${kind.includes('?') ? '&' : '?'}n=${i}`
      : `/img/${GOOD[i % GOOD.length]}?n=${i}`;
    return anArticle({ id: `story-${i}`, images: [bare(`${hostile ? hostileOrigin : goodOrigin}${route}`)] });
  });
}

/** A budget the hostile hosts do exhaust, to show the stage stopping on time. */
const SHORT_BUDGET_MS = 5_000;

interface Run {
  readonly label: string;
  readonly budgetMs: number;
  readonly result: EnrichResult;
  readonly wallMs: number;
  readonly requestsSeen: number;
}

async function main(): Promise<void> {
  const good = await startImageHost();
  const bad = await startImageHost();
  const state = await mkdtemp(path.join(tmpdir(), 'syndicate-enrich-bench-'));
  const site = {
    title: 'B',
    description: 'B',
    baseUrl: 'https://b.example/',
    language: 'en',
    tagAuthority: 'b.example',
    tagDate: '2026',
  };
  const config = parseConfig({ site, enrich: { allowHosts: ['127.0.0.1'] } }, 'bench');
  const options = (dir: string, budgetMs = config.enrich.budgetMs) => ({
    ...enrichOptionsOf(config.enrich, path.join(state, dir)),
    budgetMs,
  });
  const runs: Run[] = [];
  const run = async (label: string, articles: Article[], dir: string, budgetMs?: number) => {
    const before = good.requests.length + bad.requests.length;
    process.stderr.write(`  ${label}… `);
    const start = performance.now();
    const result = await enrichImages(articles, options(dir, budgetMs));
    const wallMs = performance.now() - start;
    process.stderr.write(`${ms(wallMs)}\n`);
    const requestsSeen = good.requests.length + bad.requests.length - before;
    runs.push({ label, result, wallMs, requestsSeen, budgetMs: budgetMs ?? config.enrich.budgetMs });
  };
  try {
    await run('cold cache', stories(good.origin), 'plain');
    await run('warm cache', stories(good.origin), 'plain');
    await run('10% hostile, cold cache', stories(good.origin, bad.origin), 'hostile');
    await run(
      `10% hostile, ${SHORT_BUDGET_MS / 1000} s budget`,
      stories(good.origin, bad.origin),
      'short',
      SHORT_BUDGET_MS,
    );
  } finally {
    await Promise.all([good.close(), bad.close()]);
    await rm(state, { recursive: true, force: true });
  }
  report(runs, config.enrich.budgetMs, config.enrich.concurrency);
}

function report(runs: readonly Run[], budgetMs: number, concurrency: number): void {
  console.log(heading(`Image enrichment: ${IMAGES.toLocaleString('en-US')} images from 127.0.0.1`));
  console.log(
    `Config defaults: concurrency ${concurrency}, budget ${ms(budgetMs)}; hostile kinds: ${HOSTILE.length}.`,
  );
  console.log(
    `Load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} CPUs at the end (above 1, other processes competed; server and client share this process).`,
  );
  const header = [
    'case',
    'wall time',
    'of budget',
    'requests',
    'enriched',
    'cached',
    'failed',
    'left',
    'problems',
  ];
  const rows = runs.map((r) => {
    const s = r.result.stats;
    const enriched = r.result.articles.filter((a) => a.images[0]?.width !== undefined).length;
    return [
      r.label,
      ms(r.wallMs),
      `${((r.wallMs / r.budgetMs) * 100).toFixed(1)}% of ${ms(r.budgetMs)}`,
      String(r.requestsSeen),
      String(enriched),
      String(s.fromCache),
      String(s.failed),
      String(s.notLookedUp),
      String(r.result.problems.length),
    ];
  });
  console.log(renderTable(header, rows));
  for (const r of runs) {
    const kinds = new Map<string, number>();
    for (const p of r.result.problems) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
    if (kinds.size) console.log(`${r.label} problems: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  }
  const [cold, warm, hostile, short] = runs;
  const targets: Target[] = [
    { label: 'cold cache within the budget', pass: cold!.wallMs <= budgetMs, detail: ms(cold!.wallMs) },
    {
      label: 'warm cache asks no host',
      pass: warm!.requestsSeen === 0,
      detail: `${warm!.requestsSeen} requests, ${ms(warm!.wallMs)}`,
    },
    {
      label: '10% hostile: within the budget (+1 s to wind down) and every good image enriched',
      pass: hostile!.wallMs <= budgetMs + 1_000 && goodEnriched(hostile!) === IMAGES * 0.9,
      detail: `${ms(hostile!.wallMs)}, ${goodEnriched(hostile!)} of ${IMAGES * 0.9} good images`,
    },
    {
      label: `10% hostile, ${SHORT_BUDGET_MS / 1000} s budget: stops within it (+1 s), the rest reported`,
      pass: short!.wallMs <= SHORT_BUDGET_MS + 1_000 && short!.result.stats.notLookedUp > 0,
      detail: `${ms(short!.wallMs)}, ${short!.result.stats.notLookedUp} images left without facts, ${goodEnriched(short!)} good images enriched`,
    },
  ];
  console.log(heading('Targets'));
  for (const t of targets) console.log(`${t.pass ? 'PASS' : 'FAIL'}  ${t.label}: ${t.detail}`);
}

function goodEnriched(run: Run): number {
  return run.result.articles.filter((a, i) => i % 10 !== 9 && a.images[0]?.width !== undefined).length;
}

await main();
