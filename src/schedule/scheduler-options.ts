import { createTask, validateDetailed } from 'node-cron';
import type { BuildSummary } from './build-summary.js';
import type { Timers } from './instant-timer.js';
import type { Logger } from './logger.js';

// The scheduler's contract with its caller (syndicate start) and the config keys it reads.

/** Why a build ran, in its log line; `watch`: the content folder changed (`start --watch`). */
export type BuildReason = 'start' | 'cron' | 'embargo' | 'retry' | 'manual' | 'watch';

export interface SchedulerOptions {
  /** node-cron syntax; a sixth, leading field counts seconds. */
  readonly cron: string;
  /** IANA zone the cron fields are read in; release decisions never depend on it. */
  readonly timezone: string;
  /** Builds and publishes at `now`; rejecting is logged and the next tick tries again. */
  readonly runBuild: (now: number, signal: AbortSignal) => Promise<BuildSummary>;
  /** Private state folder holding the lock; shared by every process publishing the same folder. */
  readonly stateDir: string;
  readonly lockStaleMs: number;
  /** When another process holds the lock, try again after this long. */
  readonly lockRetryMs?: number;
  readonly logger: Logger;
  /** After each build that returned (ok or not): invalidate caches, fire WebSub pings. Must not block. */
  readonly afterBuild?: (summary: BuildSummary) => void;
  readonly now?: () => number;
  readonly timers?: Timers;
}

export interface LastBuild {
  /** The build's `now`, RFC 3339. */
  readonly at: string;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly reason: BuildReason;
  readonly error?: string;
}

export interface Scheduler {
  /** Starts the cron; builds nothing by itself (call `trigger('start')` for the first build). */
  start(): void;
  /** Asks for a build; resolves once a build that began after this call has finished or been skipped. */
  trigger(reason?: BuildReason): Promise<void>;
  /** Stops cron and timers, waits for a running build (abandoning it after `timeoutMs`), releases the lock. */
  stop(timeoutMs?: number): Promise<{ readonly abandoned: boolean }>;
  lastBuild(): LastBuild | undefined;
  /** The instant of the embargo timer, if armed. */
  nextEmbargoAt(): number | undefined;
}

/** Checks what node-cron would reject, naming the config keys; reports every problem at once. */
export function checkSchedule(cron: string, timezone: string): string[] {
  const problems = validateDetailed(cron).errors.map((e) => `schedule.cron: ${e.field}: ${e.message}`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    problems.push(`schedule.timezone: ${timezone} is not an IANA time zone such as Europe/Lisbon`);
  }
  return problems;
}

/**
 * The gap between the schedule's next two runs, for Cache-Control max-age: a client gains
 * nothing by polling more often than builds run. Embargo builds come in between; see the report.
 */
export function cronPeriodMs(cron: string, timezone: string): number {
  const task = createTask(cron, () => undefined, { timezone });
  try {
    const runs = task.getNextRuns(2);
    const [a, b] = runs.map((d) => d.getTime());
    return a === undefined || b === undefined ? 0 : b - a;
  } finally {
    void task.destroy(); // createTask registers the task globally; destroy unregisters it
  }
}
