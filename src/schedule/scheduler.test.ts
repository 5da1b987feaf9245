import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir.js';
import type { BuildSummary } from './build-summary.js';
import type { Timers } from './instant-timer.js';
import { createLogger } from './logger.js';
import { createScheduler } from './scheduler.js';
import { cronPeriodMs, type Scheduler, type SchedulerOptions } from './scheduler-options.js';

type LogLine = Record<string, unknown> & { level: number; msg: string; event?: string };

const running: Scheduler[] = [];
const children: ReturnType<typeof spawn>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop(2_000)));
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** A fake build that records calls, overlap and its clock; `plan` shapes each call's outcome. */
function fakeBuild(plan: (call: number, now: number) => Partial<BuildSummary> | Error = () => ({}), ms = 0) {
  const calls: number[] = [];
  const state = { active: 0, maxActive: 0, finished: 0 };
  const runBuild = async (now: number): Promise<BuildSummary> => {
    calls.push(now);
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    try {
      if (ms) await sleep(ms);
      const outcome = plan(calls.length, now);
      if (outcome instanceof Error) throw outcome;
      return { ok: true, changedFeedUrls: [], ...outcome };
    } finally {
      state.active--;
      state.finished++;
    }
  };
  return { runBuild, calls, state };
}

async function start(opts: Partial<SchedulerOptions> & Pick<SchedulerOptions, 'runBuild'>) {
  const lines: LogLine[] = [];
  const logger = createLogger({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  const stateDir = opts.stateDir ?? (await tempDir());
  const scheduler = createScheduler({
    cron: '0 0 1 1 *', // once a year: tests trigger builds themselves unless they set a cron
    timezone: 'UTC',
    stateDir,
    lockStaleMs: 60_000,
    lockRetryMs: 50,
    logger,
    ...opts,
  });
  running.push(scheduler);
  scheduler.start();
  return { scheduler, lines, stateDir, events: (e: string) => lines.filter((l) => l.event === e) };
}

async function writeLock(dir: string, pid: number, ageMs = 0): Promise<void> {
  const file = path.join(dir, 'build.lock');
  const t = new Date(Date.now() - ageMs);
  await writeFile(file, JSON.stringify({ pid, hostname: hostname(), startedAt: t, token: 'other' }));
  await utimes(file, t, t);
}

describe('scheduler', () => {
  it('builds on a seconds cron and logs one line per build with counts and duration', async () => {
    const build = fakeBuild(() => ({ counts: { public: 3, written: 1 } }));
    const { events } = await start({ cron: '* * * * * *', runBuild: build.runBuild });
    await waitFor(() => build.calls.length >= 2, 4_000);
    const line = events('build')[0]!;
    expect(line).toMatchObject({ level: 30, reason: 'cron', ok: true, public: 3, written: 1 });
    expect(line.durationMs).toBeTypeOf('number');
  });

  it('never runs two builds at once, and coalesces requests during a build into exactly one more', async () => {
    const build = fakeBuild(() => ({}), 150);
    const { scheduler, events } = await start({ runBuild: build.runBuild });
    const first = scheduler.trigger('start');
    await waitFor(() => build.state.active === 1);
    const more = [1, 2, 3, 4, 5].map(() => scheduler.trigger('manual'));
    await Promise.all([first, ...more, scheduler.trigger('embargo')]);
    expect(build.calls).toHaveLength(2);
    expect(build.state.maxActive).toBe(1);
    expect(events('build').map((l) => l.reason)).toEqual(['start', 'manual']);
  });

  it('turns cron ticks held back during a slow build into one follow-up build', async () => {
    const build = fakeBuild(() => ({}), 1_100);
    await start({ cron: '* * * * * *', runBuild: build.runBuild });
    await waitFor(() => build.calls.length >= 2, 5_000);
    expect(build.state.maxActive).toBe(1);
    // The follow-up starts right after the first ends, not at a later tick.
    expect(build.calls[1]! - build.calls[0]!).toBeLessThan(1_100 + 400);
  });

  it('logs a failing build and builds again on the next tick', async () => {
    const build = fakeBuild((n) => (n === 1 ? new Error('disk full') : {}));
    const { scheduler, events } = await start({ cron: '* * * * * *', runBuild: build.runBuild });
    await waitFor(() => build.calls.length >= 2, 4_000);
    const [failed, ok] = events('build');
    expect(failed).toMatchObject({
      level: 50,
      ok: false,
      msg: 'build failed',
      err: { message: 'disk full' },
    });
    expect(ok).toMatchObject({ ok: true });
    await waitFor(() => scheduler.lastBuild()?.ok === true);
  });

  it('builds at the next embargo instant although the cron is a year away', async () => {
    let instant = 0;
    const build = fakeBuild((n, now) => {
      if (n === 1) instant = now + 300;
      return n === 1 ? { nextEmbargoMs: instant } : {};
    });
    const { scheduler } = await start({ runBuild: build.runBuild });
    await scheduler.trigger('start');
    expect(scheduler.nextEmbargoAt()).toBe(instant);
    await waitFor(() => build.calls.length === 2, 2_000);
    expect(build.calls[1]).toBeGreaterThanOrEqual(instant);
    expect(build.calls[1]! - instant).toBeLessThan(500); // seconds at worst, never a cron period
    expect(scheduler.nextEmbargoAt()).toBeUndefined();
  });

  it('hands the build its injected clock, and arms the embargo timer in milliseconds whatever the zone', async () => {
    let clock = Date.parse('2026-03-08T06:59:55Z'); // 5 s before New York springs forward
    const armed: { fn: () => void; ms: number }[] = [];
    const timers: Timers = { setTimeout: (fn, ms) => armed.push({ fn, ms }), clearTimeout: () => {} };
    const instant = Date.parse('2026-03-08T07:00:00Z');
    const build = fakeBuild((n) => (n === 1 ? { nextEmbargoMs: instant } : {}));
    const { scheduler } = await start({
      runBuild: build.runBuild,
      timezone: 'America/New_York',
      now: () => clock,
      timers,
    });
    await scheduler.trigger('start');
    expect(armed.map((a) => a.ms)).toEqual([5_000]);
    clock = instant;
    armed[0]!.fn();
    await waitFor(() => build.calls.length === 2);
    expect(build.calls).toEqual([instant - 5_000, instant]);
  });

  it('stop() waits for the running build, releases the lock and leaves no file behind', async () => {
    const build = fakeBuild(() => ({}), 300);
    const { scheduler, stateDir } = await start({ runBuild: build.runBuild });
    void scheduler.trigger('start');
    await waitFor(() => build.state.active === 1);
    expect(await readdir(stateDir)).toEqual(['build.lock']);
    expect(await scheduler.stop()).toEqual({ abandoned: false });
    expect(build.state.finished).toBe(1);
    expect(await readdir(stateDir)).toEqual([]);
    await scheduler.trigger('manual');
    expect(build.calls).toHaveLength(1);
  });

  it('stop() abandons a build that outlasts its timeout and still releases the lock', async () => {
    const build = fakeBuild(() => ({}), 1_500);
    const { scheduler, stateDir } = await start({ runBuild: build.runBuild });
    void scheduler.trigger('start');
    await waitFor(() => build.state.active === 1);
    const started = performance.now();
    expect(await scheduler.stop(100)).toEqual({ abandoned: true });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await readdir(stateDir)).toEqual([]);
  });

  it('two schedulers sharing a state folder never build at once', async () => {
    const stateDir = await tempDir();
    const shared = fakeBuild(() => ({}), 250);
    const a = await start({ cron: '* * * * * *', stateDir, runBuild: shared.runBuild });
    const b = await start({ cron: '* * * * * *', stateDir, runBuild: shared.runBuild });
    await waitFor(() => shared.calls.length >= 4, 6_000);
    expect(shared.state.maxActive).toBe(1);
    expect([...a.events('build-skipped'), ...b.events('build-skipped')].length).toBeGreaterThan(0);
  });

  it('takes over the lock of a process that died', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => child.once('exit', r));
    const stateDir = await tempDir();
    await writeLock(stateDir, child.pid!);
    const build = fakeBuild();
    const { scheduler, events } = await start({ stateDir, runBuild: build.runBuild });
    await scheduler.trigger('start');
    expect(build.calls).toHaveLength(1);
    expect(events('lock-takeover')[0]).toMatchObject({
      level: 40,
      why: `process ${child.pid} is not running`,
    });
  });

  it('waits for a live holder, builds once it lets go, and takes over a live holder past the max age', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    children.push(child);
    const stateDir = await tempDir();
    await writeLock(stateDir, child.pid!);
    const build = fakeBuild();
    const { scheduler, events } = await start({ stateDir, runBuild: build.runBuild });
    await scheduler.trigger('embargo');
    expect(build.calls).toHaveLength(0);
    expect(events('build-skipped')[0]).toMatchObject({ reason: 'embargo', holder: { pid: child.pid } });
    await rm(path.join(stateDir, 'build.lock'));
    await waitFor(() => build.calls.length === 1); // the retry
    // Its lock released first: a stale lock written while that build still holds its own would
    // race with the release (on a loaded machine the release can remove the stale lock).
    await waitFor(() => !existsSync(path.join(stateDir, 'build.lock')));
    await writeLock(stateDir, child.pid!, 120_000);
    await scheduler.trigger('manual');
    expect(build.calls).toHaveLength(2);
    expect(events('lock-takeover')[0]!.why).toMatch(/not refreshed/);
  });

  it('gives afterBuild the summary, and logs a hook that throws', async () => {
    const seen: BuildSummary[] = [];
    const build = fakeBuild(() => ({ changedFeedUrls: ['https://x.example/feeds/rss.xml'] }));
    const { scheduler, lines } = await start({
      runBuild: build.runBuild,
      afterBuild: (s) => {
        seen.push(s);
        throw new Error('hook broke');
      },
    });
    await scheduler.trigger('start');
    expect(seen[0]!.changedFeedUrls).toEqual(['https://x.example/feeds/rss.xml']);
    expect(lines.find((l) => l.msg === 'after-build hook failed')).toBeDefined();
  });

  it('refuses a bad cron expression or time zone, naming the config keys', async () => {
    const base = { stateDir: await tempDir(), lockStaleMs: 1_000, logger: createLogger({ level: 'silent' }) };
    const runBuild = fakeBuild().runBuild;
    expect(() =>
      createScheduler({ ...base, runBuild, cron: '61 * * * *', timezone: 'Mars/Olympus' }),
    ).toThrow(/schedule\.cron: minute: .*\n.*schedule\.timezone: Mars\/Olympus/);
  });

  it('reports the period of a schedule, for caching headers', () => {
    expect(cronPeriodMs('* * * * *', 'UTC')).toBe(60_000);
    expect(cronPeriodMs('*/15 * * * * *', 'Europe/Lisbon')).toBe(15_000);
  });
});
