import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildResult, type BuildState, build } from '../src/build.js';
import type { Config } from '../src/config/config-schema.js';
import { parseConfig } from '../src/config/load-config.js';
import { plainFeedScript, writeRawRecords } from './raw-records.js';
import { heading, median, ms, ratio, renderTable, type Target } from './table.js';

// The incremental-build targets, measured in one process against a baseline measured in
// the same run: a plain script that reads the 10 000 records and writes the main and section
// feeds with `feed`. Run with `node --expose-gc --import tsx bench/incremental.bench.ts`
// (GC between cases) or `npx tsx bench/incremental.bench.ts`.

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');
const STORIES = 10_000;
const RUNS = 5;
/** The builds' clock: after every generated and sample story, so all of them are public. */
const NOW = Date.parse('2026-12-01T00:00:00Z');
/** Records' mtime: well in the past, as on a real site (see writeRawRecords). */
const PAST = Date.parse('2026-11-01T00:00:00Z');
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** The repo's config with every path moved to `content` and temp folders. */
async function siteAt(tmp: string, name: string, content: string, overrides: object = {}): Promise<Config> {
  const raw = JSON.parse(await readFile(path.join(ROOT, 'syndicate.config.json'), 'utf8')) as object;
  const paths = { content, out: path.join(tmp, name, 'out'), state: path.join(tmp, name, 'state') };
  return parseConfig({ ...raw, ...overrides, paths }, 'syndicate.config.json');
}

/** What the baseline script publishes: the main feed and one per section, nothing else. */
const BASELINE_FEEDS = {
  feeds: {
    main: { maxItems: 50 },
    sections: { maxItems: 50 },
    tags: { enabled: false },
    authors: { enabled: false },
    archive: { enabled: false },
  },
  wire: { enabled: false },
};

/**
 * One build. `enrich: false` guarantees no network even for sample records lacking image facts;
 * the generated records carry all four facts, so it changes nothing for them.
 */
const run = (config: Config, state?: BuildState): Promise<BuildResult> =>
  build({ config, baseDir: ROOT, now: NOW, enrich: false, ...(state ? { state } : {}) });

interface Measured {
  readonly label: string;
  readonly times: number[];
  readonly last: BuildResult;
}

/**
 * `runs` builds after a warm-up, each timed alone (GC and `before` run untimed); with `service`
 * each build gets the previous one's state, as the scheduled service does, otherwise state
 * comes from disk as in a one-shot CLI run.
 */
async function measure(
  label: string,
  site: Config,
  start: BuildState,
  runs: number,
  service: boolean,
  before: () => Promise<void> = async () => {},
): Promise<Measured> {
  const times: number[] = [];
  let state = start;
  let last: BuildResult | undefined;
  // One unmeasured build first: right after a cold build the disk is still writing back
  // 10 000 outputs and every stat waits on it; a service's steady state is what is measured.
  for (let i = -1; i < runs; i++) {
    await before();
    gc();
    const t0 = performance.now();
    last = await run(site, service ? state : undefined);
    if (i >= 0) times.push(performance.now() - t0);
    state = last.state;
  }
  return { label, times, last: last as BuildResult };
}

let edits = 0;
/**
 * Edits the summary of one record: longer each time, so size always changes too, and a distinct
 * past mtime, so the change is seen by metadata alone and the file is not "racy" (re-hashed by
 * the next build) — a real save would add that one re-hash to the following build only.
 */
async function editOne(file: string, original: string): Promise<void> {
  edits++;
  const record = JSON.parse(original) as { summary?: string };
  record.summary = `${record.summary ?? ''} Updated${'.'.repeat(edits)}`;
  await writeFile(file, JSON.stringify(record, null, 2));
  const mtime = new Date(PAST + edits * 1000);
  await utimes(file, mtime, mtime);
}

async function main(): Promise<void> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'syndicate-incremental-'));
  const exposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
  console.log(
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, GC between cases: ${exposed ? 'yes' : 'no (run with --expose-gc)'}`,
  );
  try {
    const rows: Measured[] = [];
    const cold: { label: string; ms: number; result: BuildResult }[] = [];
    const coldBuild = async (label: string, site: Config) => {
      gc();
      const t0 = performance.now();
      const result = await run(site);
      cold.push({ label, ms: performance.now() - t0, result });
      return result;
    };

    // The sample site: the repo's content/ (read only) with a fresh output and state folder.
    const sample = await siteAt(tmp, 'sample', path.join(ROOT, 'content'));
    const sampleCold = await coldBuild('sample site', sample);
    rows.push(
      await measure('sample: no-op, state in memory (service)', sample, sampleCold.state, RUNS, true),
    );
    rows.push(await measure('sample: no-op, state from disk (CLI)', sample, sampleCold.state, RUNS, false));

    const content = path.join(tmp, 'big', 'content');
    let t0 = performance.now();
    const files = writeRawRecords(content, STORIES, new Date(PAST));
    console.log(`wrote ${files.length} records in ${ms(performance.now() - t0)} (not measured)`);

    const baselineOut = path.join(tmp, 'baseline');
    const baselineTimes: number[] = [];
    let baselineFiles = 0;
    for (let i = 0; i < RUNS; i++) {
      gc();
      t0 = performance.now();
      baselineFiles = plainFeedScript(content, baselineOut);
      baselineTimes.push(performance.now() - t0);
    }
    const baseline = median(baselineTimes);

    // The targets compare like with like: the baseline's feeds. The full site (every feed
    // set, archives, the NewsML-G2 wire) is measured after, for the record.
    const big = await siteAt(tmp, 'big', content, BASELINE_FEEDS);
    const bigCold = await coldBuild(`${STORIES} stories, the baseline's feeds`, big);
    const noopService = await measure(
      '10k: no-op, state in memory (service)',
      big,
      bigCold.state,
      RUNS,
      true,
    );
    const noopCli = await measure('10k: no-op, state from disk (CLI)', big, bigCold.state, RUNS, false);
    // The newest story: an edit there changes the main feed, its wire message and the wire index,
    // the most a one-record edit can change (an old story's edit re-renders only the wire).
    const target = files[0] as string;
    const original = await readFile(target, 'utf8');
    const edit = () => editOne(target, original);
    const oneService = await measure(
      '10k: one change, state in memory (service)',
      big,
      noopCli.last.state,
      RUNS,
      true,
      edit,
    );
    const oneCli = await measure(
      '10k: one change, state from disk (CLI)',
      big,
      oneService.last.state,
      RUNS,
      false,
      edit,
    );
    rows.push(noopService, noopCli, oneService, oneCli);

    const full = await siteAt(tmp, 'full', content);
    const fullCold = await coldBuild(`${STORIES} stories, every feed set, archives and the wire`, full);
    rows.push(await measure('10k full site: no-op (service)', full, fullCold.state, RUNS, true));
    rows.push(
      await measure(
        '10k full site: one change (service)',
        full,
        rows[rows.length - 1]?.last.state ?? fullCold.state,
        RUNS,
        true,
        edit,
      ),
    );

    console.log(heading('Cold full builds (once)'));
    console.log(
      renderTable(
        ['case', 'time', 'records read', 'outputs rendered'],
        cold.map((c) => [c.label, ms(c.ms), String(c.result.recordsRead), String(c.result.rendered)]),
      ),
    );
    console.log(
      `The full site's cold build renders and XSD-checks ${STORIES} NewsML-G2 messages and thousands of feed documents: many seconds is expected.`,
    );

    console.log(heading(`Incremental builds (median of ${RUNS}) against the plain \`feed\` script`));
    const table = rows.map((r) => {
      const med = median(r.times);
      return [
        r.label,
        ms(med),
        ms(Math.min(...r.times)),
        String(r.last.recordsRead),
        String(r.last.rendered),
        String(r.last.publish.written.length),
        ratio(med / baseline),
      ];
    });
    table.unshift([
      `baseline: read ${STORIES} JSON + ${baselineFiles} feeds with \`feed\``,
      ms(baseline),
      ms(Math.min(...baselineTimes)),
      String(STORIES),
      String(baselineFiles),
      String(baselineFiles),
      ratio(1),
    ]);
    console.log(renderTable(['case', 'median', 'best', 'read', 'rendered', 'written', 'vs baseline'], table));

    const share = (m: Measured, limit: number, what: string): Target => {
      const r = median(m.times) / baseline;
      return {
        label: `${m.label} < ${limit}x baseline`,
        pass: r < limit,
        detail: `${ms(median(m.times))} = ${ratio(r)} of ${ms(baseline)} (${what})`,
      };
    };
    const quiet = (m: Measured): Target => ({
      label: `${m.label} reads no record, renders and writes nothing`,
      pass: m.last.recordsRead === 0 && m.last.rendered === 0 && m.last.publish.written.length === 0,
      detail: `read ${m.last.recordsRead}, rendered ${m.last.rendered}, wrote ${m.last.publish.written.length}`,
    });
    const targets: Target[] = [
      share(noopService, 0.25, 'issue target'),
      share(oneService, 0.5, 'issue target'),
      share(noopCli, 0.25, 'same target, one-shot CLI'),
      share(oneCli, 0.5, 'same target, one-shot CLI'),
      ...rows.filter((r) => r.label.includes('no-op')).map(quiet),
      {
        label: 'one change reads exactly one record',
        pass: oneService.last.recordsRead === 1 && oneCli.last.recordsRead === 1,
        detail: `service read ${oneService.last.recordsRead}, CLI read ${oneCli.last.recordsRead}`,
      },
    ];
    console.log(heading('Targets'));
    for (const t of targets) console.log(`${t.pass ? 'PASS' : 'FAIL'}  ${t.label}: ${t.detail}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
