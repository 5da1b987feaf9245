import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CrashReport } from './crash/crash-run.js';
import type { FuzzReport } from './fuzz/fuzz-run.js';
import { LIMIT_MB, LIMIT_MS, measureHostileCases, withinBounds } from './hostile/measure.js';

// One table of the reliability figures. Runs what is quick (the bad-input suite, the hostile
// parser cases, npm audit) and reads the last full fuzz and crash runs saved under
// bench/results/ (`npm run fuzz -- --records 100000 --save bench/results/fuzz.json`,
// `npm run crash-test -- --runs 1000 --jobs 2 --save bench/results/crash-test.json`).

const REPO = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(REPO, 'bench/results');

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: REPO, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function badInputSuite(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'syndicate-reliability-'));
  const file = path.join(dir, 'report.json');
  try {
    await run('npx', ['vitest', 'run', 'test/bad-input', '--reporter=json', `--outputFile=${file}`]);
    const r = JSON.parse(await readFile(file, 'utf8')) as { numPassedTests: number; numTotalTests: number };
    return `${r.numPassedTests} of ${r.numTotalTests} pass`;
  } catch (err) {
    return `not run: ${(err as Error).message}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function saved<T>(name: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path.join(RESULTS, name), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function audit(): Promise<string> {
  const r = await run('npm', ['audit', '--omit=dev', '--json']);
  try {
    const v = (JSON.parse(r.stdout) as { metadata: { vulnerabilities: Record<string, number> } }).metadata
      .vulnerabilities;
    return `${(v.high ?? 0) + (v.critical ?? 0)} high or critical (${v.total ?? 0} in all) in production dependencies`;
  } catch {
    return `not run: ${(r.stderr || r.stdout).trim().split('\n')[0]}`;
  }
}

const [suite, hostile, advisories, fuzz, crash] = await Promise.all([
  badInputSuite(),
  measureHostileCases(),
  audit(),
  saved<FuzzReport>('fuzz.json'),
  saved<CrashReport>('crash-test.json'),
]);
const worst = (key: 'ms' | 'peakMb') => hostile.reduce((a, b) => (b[key] > a[key] ? b : a));
const slowest = worst('ms');
const hungriest = worst('peakMb');
const rows: [string, string][] = [
  ['bad-input cases (test/bad-input/cases)', suite],
  [
    'fuzz records, failures',
    fuzz
      ? `${fuzz.records} records (${fuzz.valid} published, ${fuzz.rejected} rejected), ${fuzz.failures} failures, seed ${fuzz.seed}`
      : 'no full run saved',
  ],
  [
    'crash runs, torn files',
    crash
      ? `${crash.runs} runs (${crash.killed} SIGKILLed, ${crash.killedWhilePublishing} while publishing), ${crash.tornFiles} torn of ${crash.publishedFilesChecked} checked, ${crash.temporaryFilesAfterNextBuild} temporary files after the next build`
      : 'no full run saved',
  ],
  [
    'write faults (ENOSPC, EIO, ...)',
    crash
      ? `${crash.writeFaults.refusedWrites} writes refused, ${crash.writeFaults.filesChanged} served files changed`
      : 'no full run saved',
  ],
  ['hostile cases within 1 s and 100 MB', `${hostile.filter(withinBounds).length} of ${hostile.length}`],
  ['hostile worst time', `${slowest.ms.toFixed(0)} ms (${slowest.parser}: ${slowest.name})`],
  ['hostile worst memory', `${hungriest.peakMb.toFixed(1)} MB (${hungriest.parser}: ${hungriest.name})`],
  ['npm audit --omit=dev', advisories],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n'));
const failing = hostile.filter((h) => !withinBounds(h));
for (const h of failing)
  console.log(
    `  over ${LIMIT_MS} ms / ${LIMIT_MB} MB: ${h.parser} ${h.name}: ${h.ms.toFixed(0)} ms, ${h.peakMb.toFixed(1)} MB${h.error ? `, ${h.error}` : ''}`,
  );
