import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir.js';

// Real processes sharing one state folder: each runs a scheduler whose fake build appends
// "start <pid>" and "end <pid>" to a shared journal (O_APPEND keeps lines whole and in order).

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

const CHILD = `
import { appendFile } from 'node:fs/promises';
import { createLogger, createScheduler, onShutdownSignals } from ${JSON.stringify(pathToFileURL(path.join(here, 'index.ts')).href)};
const [stateDir, journal, cron, buildMs] = process.argv.slice(2);
const logger = createLogger({ level: 'info' });
const scheduler = createScheduler({
  cron, timezone: 'UTC', stateDir, lockStaleMs: 60_000, lockRetryMs: 50, logger,
  runBuild: async () => {
    await appendFile(journal, 'start ' + process.pid + '\\n');
    await new Promise((r) => setTimeout(r, Number(buildMs)));
    await appendFile(journal, 'end ' + process.pid + '\\n');
    return { ok: true, changedFeedUrls: [] };
  },
});
onShutdownSignals(async () => { await scheduler.stop(5_000); }, { logger });
scheduler.start();
void scheduler.trigger('start');
`;

interface Child {
  readonly proc: ChildProcess;
  readonly exited: Promise<number | null>;
  stdout: string;
}

const children: Child[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
});

async function spawnScheduler(stateDir: string, journal: string, cron: string, buildMs: number) {
  const script = path.join(path.dirname(journal), 'child.mts');
  await writeFile(script, CHILD);
  // cwd is the repository so that --import tsx resolves from its node_modules.
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', script, stateDir, journal, cron, String(buildMs)],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const child: Child = { proc, exited: new Promise((r) => proc.once('exit', (code) => r(code))), stdout: '' };
  proc.stdout?.on('data', (d: Buffer) => {
    child.stdout += d.toString();
  });
  children.push(child);
  return child;
}

async function journalLines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}

async function waitForLines(file: string, cond: (lines: string[]) => boolean, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const lines = await journalLines(file);
    if (cond(lines)) return lines;
    if (Date.now() > end) throw new Error(`journal never matched:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every "start" is followed by the same process's "end" before anyone else starts. */
function assertNoOverlap(lines: readonly string[]): void {
  let holder: string | undefined;
  for (const line of lines) {
    const [what, pid] = line.split(' ');
    if (what === 'start') {
      expect(holder, `overlap: ${line} while ${holder} builds`).toBeUndefined();
      holder = pid;
    } else {
      expect(pid).toBe(holder);
      holder = undefined;
    }
  }
}

describe('schedulers in separate processes', () => {
  it('never build at once when they share a state folder, and stop cleanly on SIGTERM', async () => {
    const work = await tempDir();
    const stateDir = path.join(work, 'state');
    const journal = path.join(work, 'journal.txt');
    const a = await spawnScheduler(stateDir, journal, '* * * * * *', 150);
    const b = await spawnScheduler(stateDir, journal, '* * * * * *', 150);
    const pids = [String(a.proc.pid), String(b.proc.pid)];
    await waitForLines(journal, (lines) =>
      pids.every((pid) => lines.filter((l) => l === `end ${pid}`).length >= 2),
    );
    a.proc.kill('SIGTERM');
    b.proc.kill('SIGTERM');
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
    assertNoOverlap(await journalLines(journal));
    expect(await readdir(stateDir)).toEqual([]);
  });

  it('on SIGTERM during a build, finishes it, releases the lock and leaves no file', async () => {
    const work = await tempDir();
    const stateDir = path.join(work, 'state');
    const journal = path.join(work, 'journal.txt');
    const child = await spawnScheduler(stateDir, journal, '0 0 1 1 *', 600);
    await waitForLines(journal, (lines) => lines.length === 1);
    expect(await readdir(stateDir)).toEqual(['build.lock']);
    child.proc.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(await journalLines(journal)).toEqual([`start ${child.proc.pid}`, `end ${child.proc.pid}`]);
    expect(await readdir(stateDir)).toEqual([]);
    const events = child.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).event);
    expect(events).toEqual(expect.arrayContaining(['build', 'shutdown', 'stopped']));
  });
});
