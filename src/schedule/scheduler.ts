import { createTask, type ScheduledTask } from 'node-cron';
import { SyndicateError } from '../syndicate-error.js';
import { acquireBuildLock, type HeldLock } from './build-lock.js';
import type { BuildSummary } from './build-summary.js';
import { InstantTimer, realTimers, type Timers } from './instant-timer.js';
import { cronLogger, type Logger } from './logger.js';
import {
  type BuildReason,
  checkSchedule,
  type LastBuild,
  type Scheduler,
  type SchedulerOptions,
} from './scheduler-options.js';

// Runs builds on a cron schedule and at the next embargo instant, one at a time: inside the
// process by coalescing requests, across processes by the lock file in the state folder.

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const problems = checkSchedule(opts.cron, opts.timezone);
  if (problems.length) throw new SyndicateError('CONFIG', problems.join('\n'));
  return new BuildScheduler(opts);
}

class BuildScheduler implements Scheduler {
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly log: Logger;
  private readonly embargo: InstantTimer;
  private readonly abort = new AbortController();
  private task: ScheduledTask | undefined;
  private current: Promise<void> | undefined;
  private queued: BuildReason | undefined;
  private held: HeldLock | undefined;
  private retryHandle: unknown;
  private stopping = false;
  private stopped: Promise<{ readonly abandoned: boolean }> | undefined;
  private last: LastBuild | undefined;

  constructor(private readonly opts: SchedulerOptions) {
    this.now = opts.now ?? Date.now;
    this.timers = opts.timers ?? realTimers;
    this.log = opts.logger;
    this.embargo = new InstantTimer(this.now, this.timers, () => void this.trigger('embargo'));
  }

  start(): void {
    if (this.task || this.stopping) return;
    const task = createTask(this.opts.cron, () => this.trigger('cron'), {
      name: 'syndicate-build',
      timezone: this.opts.timezone,
      // node-cron holds a tick back while the last tick's build runs; the listener below
      // turns that held-back tick into one queued build, so no change waits a whole period.
      noOverlap: true,
      logger: cronLogger(this.log),
    });
    task.on('execution:overlap', () => void this.trigger('cron'));
    task.on('execution:missed', (ctx) => {
      this.log.warn({ event: 'missed-tick', at: ctx.date.toISOString() }, 'cron tick missed; building now');
      void this.trigger('cron');
    });
    task.start();
    this.task = task;
    const next = task.getNextRun();
    this.log.info(
      { event: 'schedule', cron: this.opts.cron, timezone: this.opts.timezone, next },
      'scheduled',
    );
  }

  trigger(reason: BuildReason = 'manual'): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.current) {
      // Coalesce: however many requests arrive during a build, exactly one more build follows.
      this.queued ??= reason;
      return this.current;
    }
    this.current = this.loop(reason).finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  stop(timeoutMs = 10_000): Promise<{ readonly abandoned: boolean }> {
    // A second SIGTERM, or a test's cleanup, gets the first stop's outcome.
    this.stopped ??= this.shutDown(timeoutMs);
    return this.stopped;
  }

  private async shutDown(timeoutMs: number): Promise<{ readonly abandoned: boolean }> {
    this.stopping = true;
    this.task?.destroy();
    this.embargo.clear();
    if (this.retryHandle !== undefined) this.timers.clearTimeout(this.retryHandle);
    this.abort.abort(); // a build that watches the signal can end early
    let abandoned = false;
    if (this.current) abandoned = !(await settlesWithin(this.current, timeoutMs, this.timers));
    // An abandoned build still holds the lock; the process is about to exit, so free it now.
    await this.held?.release().catch((err) => this.log.error({ err }, 'cannot release the build lock'));
    this.log.info({ event: 'stopped', abandoned }, abandoned ? 'stopped, build abandoned' : 'stopped');
    return { abandoned };
  }

  lastBuild(): LastBuild | undefined {
    return this.last;
  }

  nextEmbargoAt(): number | undefined {
    return this.embargo.dueAt;
  }

  private async loop(first: BuildReason): Promise<void> {
    let reason: BuildReason | undefined = first;
    while (reason !== undefined && !this.stopping) {
      this.queued = undefined;
      await this.buildOnce(reason);
      reason = this.queued;
    }
  }

  private async buildOnce(reason: BuildReason): Promise<void> {
    const lock = await this.takeLock(reason);
    if (!lock) return;
    this.held = lock;
    const at = this.now();
    const started = performance.now();
    let summary: BuildSummary | undefined;
    try {
      summary = await this.opts.runBuild(at, this.abort.signal);
      const durationMs = Math.round(performance.now() - started);
      this.last = { at: new Date(at).toISOString(), ok: summary.ok, durationMs, reason };
      this.log.info(
        {
          ...summary.counts, // first, so a count can never mask the fields below
          event: 'build',
          reason,
          ok: summary.ok,
          durationMs,
          changedFeeds: summary.changedFeedUrls.length,
          nextEmbargo: iso(summary.nextEmbargoMs),
        },
        summary.ok ? 'build done' : 'build done with problems',
      );
      if (!this.stopping) this.embargo.set(summary.nextEmbargoMs);
    } catch (err) {
      // The published files stay as they were (publish writes atomically); the next tick retries.
      const durationMs = Math.round(performance.now() - started);
      this.last = { at: new Date(at).toISOString(), ok: false, durationMs, reason, error: String(err) };
      this.log.error({ event: 'build', reason, ok: false, durationMs, err }, 'build failed');
    } finally {
      const outcome = await lock.release().catch((err: unknown) => {
        this.log.error({ err }, 'cannot release the build lock');
        return 'error';
      });
      if (outcome === 'lost')
        this.log.warn({ event: 'lock-lost' }, 'the build lock was taken over during the build');
      if (this.held === lock) this.held = undefined;
    }
    if (summary && this.opts.afterBuild) {
      try {
        this.opts.afterBuild(summary);
      } catch (err) {
        this.log.error({ err }, 'after-build hook failed');
      }
    }
  }

  private async takeLock(reason: BuildReason): Promise<HeldLock | undefined> {
    try {
      const attempt = await acquireBuildLock({ dir: this.opts.stateDir, staleMs: this.opts.lockStaleMs });
      if (attempt.acquired) {
        if (attempt.tookOver)
          this.log.warn({ event: 'lock-takeover', why: attempt.tookOver }, 'took over a stale build lock');
        return attempt.lock;
      }
      this.log.info(
        { event: 'build-skipped', reason, holder: attempt.holder },
        'another process is building',
      );
      this.retryLater();
    } catch (err) {
      // Like a failed build: logged, and the next tick tries again.
      this.log.error({ event: 'build', reason, ok: false, err }, 'cannot take the build lock');
    }
    return undefined;
  }

  /** The other process's build may have started before what we were asked to publish. */
  private retryLater(): void {
    if (this.retryHandle !== undefined || this.stopping) return;
    this.retryHandle = this.timers.setTimeout(() => {
      this.retryHandle = undefined;
      void this.trigger('retry');
    }, this.opts.lockRetryMs ?? 1_000);
  }
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

function settlesWithin(p: Promise<unknown>, ms: number, timers: Timers): Promise<boolean> {
  return new Promise((resolve) => {
    const handle = timers.setTimeout(() => resolve(false), ms);
    const settled = () => {
      timers.clearTimeout(handle);
      resolve(true);
    };
    p.then(settled, settled);
  });
}
