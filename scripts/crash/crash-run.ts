import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prng } from '../../bench/stories.js';
import {
  copyProgram,
  editStories,
  makeSite,
  publishWindow,
  runBuild,
  type Site,
  snapshot,
  temporaryFiles,
} from './site.js';
import { injectWriteFaults, type WriteFaultReport } from './write-faults.js';

// Crash safety, measured: the runs behind `npm run crash-test` (scripts/crash-test.ts).

export interface CrashReport {
  readonly runs: number;
  readonly seed: number;
  readonly killed: number;
  readonly killedWhilePublishing: number;
  readonly finishedBeforeKill: number;
  readonly publishedFilesChecked: number;
  readonly tornFiles: number;
  readonly brokenStateFiles: number;
  readonly temporaryFilesLeftByKills: number;
  readonly temporaryFilesAfterNextBuild: number;
  readonly failedNextBuilds: number;
  readonly writeFaults: WriteFaultReport;
  readonly msPerRun: number;
  readonly seconds: number;
  readonly problems: string[];
}

interface Tally {
  killed: number;
  killedWhilePublishing: number;
  finishedBeforeKill: number;
  publishedFilesChecked: number;
  tornFiles: number;
  brokenStateFiles: number;
  temporaryFilesLeftByKills: number;
  temporaryFilesAfterNextBuild: number;
  failedNextBuilds: number;
  problems: string[];
  previous?: Map<string, Buffer>;
}

async function lane(site: Site, runs: number[], random: () => number, tally: Tally): Promise<void> {
  const first = await runBuild(site);
  if (first.code !== 0) throw new Error(`the first build failed: ${first.stderr}`);
  let duration = first.ms;
  let window = (await publishWindow(site, first)) ?? { from: 0, to: duration };
  for (const run of runs) {
    const old = await snapshot(site.feeds);
    await editStories(site, run, random);
    const inWindow = random() < 0.5;
    const killAfterMs = inWindow ? window.from + random() * (window.to - window.from) : random() * duration;
    const killed = await runBuild(site, killAfterMs);
    if (killed.signal === 'SIGKILL') {
      tally.killed++;
      if (inWindow) tally.killedWhilePublishing++;
    } else tally.finishedBeforeKill++;
    const afterKill = await snapshot(site.feeds);
    const stateAfterKill = await snapshot(site.state);
    tally.temporaryFilesLeftByKills += (await temporaryFiles(site.feeds, site.state)).length;

    const next = await runBuild(site);
    if (next.code !== 0) {
      tally.failedNextBuilds++;
      tally.problems.push(`run ${run}: the next build exited ${next.code}: ${next.stderr.slice(0, 300)}`);
    }
    const fresh = await snapshot(site.feeds);
    for (const [file, bytes] of afterKill) {
      tally.publishedFilesChecked++;
      if (old.get(file)?.equals(bytes) || fresh.get(file)?.equals(bytes)) continue;
      tally.tornFiles++;
      tally.problems.push(
        `run ${run}: ${file} is neither its old nor its new version (killed at ${killAfterMs.toFixed(0)} ms)`,
      );
    }
    for (const [file, bytes] of stateAfterKill) {
      try {
        JSON.parse(bytes.toString('utf8'));
      } catch {
        tally.brokenStateFiles++;
        tally.problems.push(`run ${run}: state file ${file} is not whole JSON after the kill`);
      }
    }
    const left = await temporaryFiles(site.feeds, site.state);
    tally.temporaryFilesAfterNextBuild += left.length;
    if (left.length) tally.problems.push(`run ${run}: the next build left ${left.join(', ')}`);
    duration = 0.8 * duration + 0.2 * next.ms;
    window = (await publishWindow(site, next)) ?? window;
    tally.previous = old;
  }
}

export async function crashTest(runs: number, seed: number, jobs: number): Promise<CrashReport> {
  const started = performance.now();
  const root = await mkdtemp(path.join(tmpdir(), 'syndicate-crash-'));
  const tally: Tally = {
    killed: 0,
    killedWhilePublishing: 0,
    finishedBeforeKill: 0,
    publishedFilesChecked: 0,
    tornFiles: 0,
    brokenStateFiles: 0,
    temporaryFilesLeftByKills: 0,
    temporaryFilesAfterNextBuild: 0,
    failedNextBuilds: 0,
    problems: [],
  };
  try {
    const bin = await copyProgram(root);
    const sites = await Promise.all(
      Array.from({ length: jobs }, (_, i) => makeSite(path.join(root, `site-${i}`), bin)),
    );
    await Promise.all(
      sites.map((site, i) => {
        const mine = Array.from({ length: runs }, (_, r) => r + 1).filter((r) => r % jobs === i);
        return lane(site, mine, prng(seed * 1000 + i), tally);
      }),
    );
    const site = sites[0] as Site;
    const writeFaults = tally.previous
      ? await injectWriteFaults(site.feeds, tally.previous)
      : { faults: 0, refusedWrites: 0, filesChanged: 0, temporaryLeft: 0 };
    const { previous: _previous, ...counts } = tally;
    const seconds = (performance.now() - started) / 1000;
    return { runs, seed, ...counts, writeFaults, msPerRun: (seconds * 1000) / Math.max(1, runs), seconds };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
