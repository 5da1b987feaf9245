import { stat } from 'node:fs/promises';
import path from 'node:path';
import { type BuildState, previousState, sameRecords, stampOf, verifyDue } from './build/build-state.js';
import { guardDrops } from './build/drop-guard.js';
import { writeFeedTotals } from './build/feed-totals-file.js';
import { nextManifest, staleOutputs } from './build/manifest-outputs.js';
import { feedIndexOf, planIndex } from './build/plan-index.js';
import { type PlannedOutput, planFeedSet, planWire } from './build/plan-outputs.js';
import { publishInBatches } from './build/publish-in-batches.js';
import { recordBodiesFolder, recordOptionsKey, writeRecordCache } from './build/record-cache-file.js';
import { feedsUrlOf, siteOf, wireSiteOf } from './build/site-config.js';
import { writeSlugRegistry } from './build/slug-registry-file.js';
import type { Config } from './config/config-schema.js';
import {
  enrichImages,
  enrichOptionsOf,
  imageStatusOf,
  preferLargeLead,
  summariseEnrichment,
} from './enrich/index.js';
import { manifestEntry, writeManifest } from './publish/manifest.js';
import { type Output, type PublishReport, publishOutputs } from './publish/publish-outputs.js';
import type { Article, Diagnostic } from './records/article.js';
import { loadContent } from './records/load-content.js';
import { selectFeeds } from './select/feed-sets.js';
import { nextChangeAt } from './select/next-change.js';
import { selectWireStories } from './select/wire-stories.js';
import { type BuildStatus, describeBuild } from './status.js';
import { SyndicateError } from './syndicate-error.js';

// The one place that wires the stages: records → select → formats → publish.

export type { BuildState } from './build/build-state.js';

export interface BuildOptions {
  readonly config: Config;
  /** Folder the config's relative paths resolve against. */
  readonly baseDir: string;
  readonly contentDir?: string;
  readonly outDir?: string;
  /** The build's clock: embargoes and "latest" are decided against it. */
  readonly now: number;
  /** Publish feeds even when they drop more stories at once than feeds.guard allows. */
  readonly allowDrop?: boolean;
  /** The previous build's state; read from the state folder when absent. */
  readonly state?: BuildState;
  /** False skips image lookups (`--no-enrich`); facts already cached are still used. */
  readonly enrich?: boolean;
  /**
   * Content folders (real paths) a watcher saw changes in since `state` was made. Records in
   * other folders are then taken from the state unlooked-at, except on the periodic check that
   * trusts nothing; absent, every record file is checked.
   */
  readonly changedFolders?: ReadonlySet<string>;
  readonly onProgress?: (message: string) => void;
}

export interface BuildResult {
  readonly status: BuildStatus;
  readonly publish: PublishReport;
  readonly diagnostics: readonly Diagnostic[];
  /** One line about image lookups, for the summary. */
  readonly enrichment: string;
  readonly outDir: string;
  /** Record files read this time; the others came from the state by size and mtime. */
  readonly recordsRead: number;
  /** Outputs rendered this time; the others were skipped because their inputs had not changed. */
  readonly rendered: number;
  readonly state: BuildState;
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const { config } = opts;
  const contentDir = path.resolve(opts.baseDir, opts.contentDir ?? config.paths.content);
  const outDir = path.resolve(opts.baseDir, opts.outDir ?? config.paths.out);
  const stateDir = path.resolve(opts.baseDir, config.paths.state);
  await requireFolder(contentDir, opts.contentDir === undefined ? 'paths.content' : '--content');
  if (stateDir === outDir || stateDir.startsWith(outDir + path.sep)) {
    // The server exposes everything under the output folder; private state must not be there.
    throw new SyndicateError(
      'CONFIG',
      `paths.state: ${config.paths.state} is inside the output folder ${outDir}`,
    );
  }

  const recordOpts = {
    baseUrl: config.site.baseUrl,
    language: config.site.language,
    maxFileBytes: config.limits.maxFileBytes,
    maxBodyBytes: config.limits.maxBodyBytes,
    displayRoot: process.cwd(),
  };
  const optionsKey = recordOptionsKey(recordOpts);
  const previous = await previousState(opts.state, { stateDir, outDir, optionsKey });

  opts.onProgress?.(`reading records in ${path.relative(process.cwd(), contentDir) || '.'}`);
  // The watcher's word is taken only about the state it was kept for, and not on the check
  // that every so often looks at everything, as a missed event would otherwise last for good.
  const changedFolders = previous === opts.state && !verifyDue(previous) ? opts.changedFolders : undefined;
  const loaded = await loadContent(contentDir, {
    ...recordOpts,
    cache: previous.records,
    optionsKey,
    bodyFolder: recordBodiesFolder(stateDir),
    ...(changedFolders ? { changedFolders } : {}),
  });
  const configKey = JSON.stringify(config);
  const settled = previous.settled;
  if (
    settled !== undefined &&
    previous === opts.state &&
    !verifyDue(previous) &&
    settled.configKey === configKey &&
    settled.enrich === (opts.enrich !== false) &&
    settled.from <= opts.now &&
    opts.now < settled.until &&
    sameRecords(loaded.cache, previous.records)
  ) {
    // Same records, same settings, no embargo or tombstone instant crossed: the same outputs,
    // already published and checked. This is what keeps a service's no-op build cheap.
    return {
      status: settled.status,
      publish: { written: [], unchanged: [...settled.paths], failed: [] },
      diagnostics: [...loaded.diagnostics, ...settled.problems],
      enrichment: settled.enrichment,
      outDir,
      recordsRead: loaded.read,
      rendered: 0,
      state: previous,
    };
  }
  // The only stage that may touch the network; records that carry their image facts ask no host.
  const enriched = await enrichImages(loaded.articles, {
    ...enrichOptionsOf(config.enrich, stateDir, opts.enrich !== false),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const articles = enriched.articles;
  const forFeeds = config.enrich.preferLargeLead
    ? articles.map((a) => preferLargeLead(a, config.enrich.minWidthPx))
    : articles;

  const feedsUrl = feedsUrlOf(config);
  const selection = selectFeeds(forFeeds, {
    site: siteOf(config),
    feedsUrl,
    now: opts.now,
    feeds: config.feeds,
    slugs: previous.slugs,
  });
  const guard = guardDrops(selection.feeds, previous.totals, config.feeds.guard, opts.allowDrop === true);
  const planned: PlannedOutput[] = [];
  const held: PlannedOutput[] = [];
  for (const feed of selection.feeds) {
    const docs = [
      ...planFeedSet(feed.current, feed.dir),
      ...feed.archives.flatMap((page) => planFeedSet(page.view, page.dir)),
    ];
    planned.push(...docs);
    if (guard.refused.has(feed.key)) held.push(...docs);
  }
  let wireStories: Article[] | undefined;
  if (config.wire.enabled) {
    const wire = wireSiteOf(config);
    wireStories = selectWireStories(articles, opts.now, wire.earlyEmbargoDelivery);
    planned.push(...planWire(wireStories, wire, `${feedsUrl}newsml-index.xml`));
  }
  const wireIndex =
    wireStories === undefined
      ? undefined
      : { path: 'newsml-index.xml', url: `${feedsUrl}newsml-index.xml`, messages: wireStories.length };
  planned.push(...planIndex(feedIndexOf(selection.feeds, siteOf(config), feedsUrl, wireIndex)));

  const verify = previous !== opts.state || verifyDue(previous);
  const stale = verify
    ? await staleOutputs(outDir, planned, previous.manifest)
    : planned.filter((p) => previous.manifest.get(p.path)?.key !== p.key);
  opts.onProgress?.(`rendering ${stale.length} of ${planned.length} files`);
  const heldSet = new Set(held);
  // What each record gave depends on the records alone, so it is saved while the feeds are
  // published: its serialising fills the rendering thread's waits on batches being written.
  // A failure is held (never left unhandled while publishing goes on) and thrown after it.
  const recordsSaved = writeRecordCache(stateDir, optionsKey, loaded.cache, previous.records).then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  const batched = await publishInBatches(
    outDir,
    stale.filter((p) => !heldSet.has(p)),
    { spillDir: stateDir },
  );
  const published = batched.report;
  for (const [key, reason] of guard.refused)
    published.failed.push({ path: feedFolderOf(key), problems: [reason] });

  const status = describeBuild({
    loaded,
    feeds: selection.feeds,
    publish: published,
    now: opts.now,
    images: imageStatusOf(enriched),
    ...(wireStories === undefined ? {} : { wire: wireStories }),
  });
  const statusOutput: Output = {
    path: 'status.json',
    kind: 'json',
    text: `${JSON.stringify(status, null, 2)}\n`,
  };
  const statusReport = await publishOutputs(outDir, [statusOutput]);

  const fresh = batched.entries;
  if (statusReport.failed.length === 0) fresh.set(statusOutput.path, manifestEntry(statusOutput, ''));
  const manifest = nextManifest(planned, fresh, previous.manifest);
  await writeManifest(stateDir, outDir, manifest, previous.manifest);
  const stampAfter = await stampOf(path.join(stateDir, 'manifest.json'));
  const saved = await recordsSaved;
  if (saved !== undefined) throw saved.error;
  await writeSlugRegistry(stateDir, selection.slugs, previous.slugs);
  await writeFeedTotals(stateDir, guard.totals, previous.totals);
  const staleSet = new Set(stale);
  const publish = merge(
    published,
    statusReport,
    planned.filter((p) => !staleSet.has(p)).map((p) => p.path),
  );
  const failed = publish.failed.length > 0;
  return {
    status,
    publish,
    diagnostics: [...loaded.diagnostics, ...enriched.problems],
    enrichment: summariseEnrichment(enriched.stats),
    outDir,
    recordsRead: loaded.read,
    rendered: batched.rendered,
    state: {
      optionsKey,
      outDir,
      records: loaded.cache,
      manifest,
      slugs: selection.slugs,
      totals: guard.totals,
      ...(stampAfter === undefined ? {} : { manifestStamp: stampAfter }),
      ...(verify
        ? { verifiedAt: Date.now() }
        : previous.verifiedAt
          ? { verifiedAt: previous.verifiedAt }
          : {}),
      // Only a build that published everything, and asked no image host, can stand for the next.
      ...(failed || enriched.stats.urls > 0
        ? {}
        : {
            settled: {
              configKey,
              enrich: opts.enrich !== false,
              from: opts.now,
              until: nextChangeAt(articles, opts.now, config.feeds.tombstoneDays),
              paths: [...planned.map((p) => p.path), statusOutput.path],
              status,
              problems: enriched.problems,
              enrichment: summariseEnrichment(enriched.stats),
            },
          }),
    },
  };
}

const feedFolderOf = (key: string): string => (key === 'main' ? './' : `${key}/`);

async function requireFolder(dir: string, name: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) return;
  } catch {
    // reported below, whatever the reason
  }
  throw new SyndicateError('USAGE', `${name}: ${dir} is not a folder of records`);
}

function merge(a: PublishReport, b: PublishReport, skipped: readonly string[]): PublishReport {
  return {
    written: [...a.written, ...b.written],
    unchanged: [...a.unchanged, ...skipped, ...b.unchanged],
    failed: [...a.failed, ...b.failed],
  };
}
