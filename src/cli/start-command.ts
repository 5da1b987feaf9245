import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { feedsUrlOf } from '../build/site-config.js';
import { type BuildResult, type BuildState, build } from '../build.js';
import type { Config } from '../config/config-schema.js';
import { pingHubs } from '../notify/index.js';
import {
  type ContentWatcher,
  createLogger,
  createScheduler,
  cronPeriodMs,
  type Logger,
  onShutdownSignals,
  type Scheduler,
  summarizeBuild,
  watchContent,
} from '../schedule/index.js';
import { type RunningFeedServer, startFeedServer } from '../serve/index.js';

export interface ServiceOptions {
  readonly config: Config;
  readonly baseDir: string;
  readonly port: number;
  /** Also build when a record changes (`--watch`); the config's schedule.watch otherwise. */
  readonly watch?: boolean;
  readonly logger?: Logger;
  /** Handle SIGTERM/SIGINT by stopping cleanly and exiting (the CLI); tests call stop(). */
  readonly exitOnSignal?: boolean;
}

export interface RunningService {
  readonly url: string;
  readonly scheduler: Scheduler;
  stop(): Promise<void>;
}

/**
 * `syndicate start`: build now, then on the schedule, at each embargo instant and (with
 * `watch`) when a record changes, and serve the published folder meanwhile. One process holds the build state in memory, so a build
 * with nothing new reads no record and renders nothing.
 */
export async function startService(opts: ServiceOptions): Promise<RunningService> {
  const { config, baseDir } = opts;
  const logger = opts.logger ?? createLogger();
  const outDir = path.resolve(baseDir, config.paths.out);
  const feedsUrl = feedsUrlOf(config);
  await mkdir(outDir, { recursive: true });
  let state: BuildState | undefined;
  let server: RunningFeedServer | undefined;
  let watcher: ContentWatcher | undefined;
  let vouched = false;
  const runBuild = async (now: number) => {
    // What the watcher saw since the last build is all that can differ from `state`, unless the
    // last build failed after taking it: then this one looks at everything.
    const seen = watcher?.takeChanges();
    const changedFolders = vouched ? seen : undefined;
    vouched = false;
    const result: BuildResult = await build({
      config,
      baseDir,
      now,
      ...(state ? { state } : {}),
      ...(state && changedFolders ? { changedFolders } : {}),
    });
    state = result.state;
    vouched = true;
    return summarizeBuild(result, feedsUrl);
  };
  const scheduler = createScheduler({
    cron: config.schedule.cron,
    timezone: config.schedule.timezone,
    stateDir: path.resolve(baseDir, config.paths.state),
    lockStaleMs: config.schedule.lockStaleMs,
    logger,
    runBuild,
    afterBuild: (summary) => {
      server?.invalidate();
      if (!config.websub.hubs.length || !summary.changedFeedUrls.length) return;
      // Fire and forget: a slow hub never holds up the next build.
      void pingHubs(config.websub.hubs, summary.changedFeedUrls, config.websub).then((results) => {
        for (const r of results) logger[r.ok ? 'info' : 'warn']({ event: 'websub', ...r }, 'hub ping');
      });
    },
  });
  scheduler.start();
  // Watching starts before the first build, so an edit made while it runs is built right after.
  if (opts.watch ?? config.schedule.watch) {
    watcher = watchContent({
      dir: path.resolve(baseDir, config.paths.content),
      logger,
      onChange: () => void scheduler.trigger('watch'),
    });
    await watcher.ready;
  }
  await scheduler.trigger('start');
  const maxAgeSeconds = maxAgeOf(config);
  server = await startFeedServer({
    dir: outDir,
    port: opts.port,
    ...(config.serve.host === undefined ? {} : { host: config.serve.host }),
    maxAgeSeconds,
    health: () => {
      const last = scheduler.lastBuild();
      return { ok: last?.ok ?? false, ...(last ? { lastBuild: last } : {}) };
    },
    onError: (err, target) =>
      logger.error({ event: 'serve-error', target, err: String(err) }, 'request failed'),
  });
  logger.info(
    { event: 'serving', url: server.url, dir: outDir, maxAgeSeconds },
    `serving ${outDir} at ${server.url}`,
  );
  const running = server;
  const stop = async () => {
    watcher?.close();
    await scheduler.stop(config.schedule.stopTimeoutMs);
    await running.close();
  };
  if (opts.exitOnSignal) onShutdownSignals(stop, { logger });
  return { url: running.url, scheduler, stop };
}

/** `syndicate serve`: the published folder only, no builds. */
export async function startServeOnly(opts: ServiceOptions): Promise<RunningFeedServer> {
  const { config, baseDir } = opts;
  const logger = opts.logger ?? createLogger();
  const outDir = path.resolve(baseDir, config.paths.out);
  await mkdir(outDir, { recursive: true });
  const server = await startFeedServer({
    dir: outDir,
    port: opts.port,
    ...(config.serve.host === undefined ? {} : { host: config.serve.host }),
    maxAgeSeconds: maxAgeOf(config),
  });
  logger.info({ event: 'serving', url: server.url, dir: outDir }, `serving ${outDir} at ${server.url}`);
  if (opts.exitOnSignal) onShutdownSignals(() => server.close(), { logger });
  return server;
}

/** A client has no reason to poll more often than builds run; embargo builds are extra. */
function maxAgeOf(config: Config): number {
  return Math.max(1, Math.floor(cronPeriodMs(config.schedule.cron, config.schedule.timezone) / 1000));
}
