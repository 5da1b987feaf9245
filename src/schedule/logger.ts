import type { Logger as CronLogger } from 'node-cron';
import { type DestinationStream, type Logger, pino } from 'pino';

// Structured logs: one JSON object per line on stdout, for journald, Docker or a log shipper.

export type { Logger };

export interface LoggerOptions {
  /** pino level: fatal, error, warn, info, debug, trace or silent; LOG_LEVEL overrides the default. */
  readonly level?: string;
}

export function createLogger(opts: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const options = {
    name: 'syndicate',
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    // ISO times read better than epoch ms in a terminal and sort the same.
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  // pino's default destination writes synchronously, so the last lines survive process.exit.
  return destination ? pino(options, destination) : pino(options);
}

/** node-cron's own messages (missed ticks, blocked overlaps, task errors) into the same log. */
export function cronLogger(logger: Logger): CronLogger {
  const log = logger.child({ component: 'cron' });
  return {
    info: (message) => log.debug(message),
    warn: (message) => log.warn(message),
    error: (message, err) => log.error({ err: err ?? message }, String(message)),
    debug: (message, err) => log.debug({ err }, String(message)),
  };
}
