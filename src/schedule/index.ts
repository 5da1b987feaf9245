// schedule: runs builds on a cron schedule, at embargo instants and (with --watch) when records
// change, one at a time across processes.
// Knows builds only through an injected runBuild; must not import build, formats, serve or cli.
export { acquireBuildLock, type BuildLockOptions, type HeldLock, type LockOwner } from './build-lock.js';
export { type BuildOutcome, type BuildSummary, summarizeBuild } from './build-summary.js';
export {
  type ContentWatcher,
  type ContentWatcherOptions,
  type WatchState,
  watchContent,
} from './content-watcher.js';
export { InstantTimer, MAX_TIMER_DELAY_MS, realTimers, type Timers } from './instant-timer.js';
export { createLogger, cronLogger, type Logger, type LoggerOptions } from './logger.js';
export { createScheduler } from './scheduler.js';
export {
  type BuildReason,
  checkSchedule,
  cronPeriodMs,
  type LastBuild,
  type Scheduler,
  type SchedulerOptions,
} from './scheduler-options.js';
export { onShutdownSignals, type ShutdownOptions } from './shutdown.js';
