import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config/config-schema.js';
import { renderAtom } from './formats/atom.js';
import type { FeedView, Site } from './formats/feed-view.js';
import { renderJsonFeed } from './formats/jsonfeed.js';
import {
  newsmlIndexEntry,
  renderNewsMessage,
  renderNewsmlIndex,
  type WireSite,
} from './formats/newsml/index.js';
import { renderRss } from './formats/rss.js';
import { type Output, type PublishReport, publishOutputs } from './publish/publish-outputs.js';
import { writeManifest } from './publish/write-manifest.js';
import type { Article, Diagnostic } from './records/article.js';
import { loadContent } from './records/load-content.js';
import { selectMainFeed } from './select/main-feed.js';
import { selectWireStories } from './select/wire-stories.js';
import { type BuildStatus, describeBuild } from './status.js';
import { SyndicateError } from './syndicate-error.js';

// The one place that wires the stages: records → select → formats → publish.

export interface BuildOptions {
  readonly config: Config;
  /** Folder the config's relative paths resolve against. */
  readonly baseDir: string;
  readonly contentDir?: string;
  readonly outDir?: string;
  /** The build's clock: embargoes and "latest" are decided against it. */
  readonly now: number;
  readonly onProgress?: (message: string) => void;
}

export interface BuildResult {
  readonly status: BuildStatus;
  readonly publish: PublishReport;
  readonly diagnostics: readonly Diagnostic[];
  readonly outDir: string;
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const { config } = opts;
  const contentDir = path.resolve(opts.baseDir, opts.contentDir ?? config.paths.content);
  const outDir = path.resolve(opts.baseDir, opts.outDir ?? config.paths.out);
  const site = siteOf(config);
  const feedsUrl = config.site.feedsUrl ?? `${config.site.baseUrl}feeds/`;

  await requireFolder(contentDir, opts.contentDir === undefined ? 'paths.content' : '--content');
  const stateDir = path.resolve(opts.baseDir, config.paths.state);
  if (stateDir === outDir || stateDir.startsWith(outDir + path.sep)) {
    // The server exposes everything under the output folder; private state must not be there.
    throw new SyndicateError(
      'CONFIG',
      `paths.state: ${config.paths.state} is inside the output folder ${outDir}`,
    );
  }

  opts.onProgress?.(`reading records in ${path.relative(process.cwd(), contentDir) || '.'}`);
  const loaded = await loadContent(contentDir, {
    baseUrl: config.site.baseUrl,
    language: config.site.language,
    maxFileBytes: config.limits.maxFileBytes,
    maxBodyBytes: config.limits.maxBodyBytes,
    displayRoot: process.cwd(),
  });

  const main = selectMainFeed(loaded.articles, {
    site,
    feedsUrl,
    maxItems: config.feeds.main.maxItems,
    now: opts.now,
  });
  opts.onProgress?.(`rendering ${main.stories.length} stories`);
  const outputs = renderFeedSet(main, '');
  let wireStories: Article[] | undefined;
  if (config.wire.enabled) {
    const wire = wireSiteOf(config);
    wireStories = selectWireStories(loaded.articles, opts.now, wire.earlyEmbargoDelivery);
    outputs.push(...renderWire(wireStories, wire, feedsUrl));
  }
  opts.onProgress?.(`verifying and publishing ${outputs.length} files`);
  const published = await publishOutputs(outDir, outputs);

  const status = describeBuild({
    loaded,
    feeds: [{ view: main, dir: '' }],
    publish: published,
    now: opts.now,
    ...(wireStories === undefined ? {} : { wire: wireStories }),
  });
  const statusOutput: Output = {
    path: 'status.json',
    kind: 'json',
    text: `${JSON.stringify(status, null, 2)}\n`,
  };
  const statusReport = await publishOutputs(outDir, [statusOutput]);
  const refused = new Set(published.failed.map((f) => f.path));
  await writeManifest(stateDir, [...outputs.filter((o) => !refused.has(o.path)), statusOutput]);
  return { status, publish: merge(published, statusReport), diagnostics: loaded.diagnostics, outDir };
}

async function requireFolder(dir: string, name: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) return;
  } catch {
    // reported below, whatever the reason
  }
  throw new SyndicateError('USAGE', `${name}: ${dir} is not a folder of records`);
}

function renderFeedSet(view: FeedView, dir: string): Output[] {
  return [
    { path: `${dir}rss.xml`, kind: 'rss', text: [...renderRss(view)].join('') },
    { path: `${dir}atom.xml`, kind: 'atom', text: [...renderAtom(view)].join('') },
    { path: `${dir}feed.json`, kind: 'jsonfeed', text: [...renderJsonFeed(view)].join('') },
  ];
}

function renderWire(stories: readonly Article[], wire: WireSite, feedsUrl: string): Output[] {
  const outputs: Output[] = stories.map((story) => ({
    path: `newsml/${story.id}.xml`,
    kind: 'newsml',
    text: renderNewsMessage(story, wire),
  }));
  const entries = stories.map((story) => newsmlIndexEntry(story, wire, `newsml/${story.id}.xml`));
  outputs.push({
    path: 'newsml-index.xml',
    kind: 'xml',
    text: renderNewsmlIndex(entries, wire, `${feedsUrl}newsml-index.xml`),
  });
  return outputs;
}

function wireSiteOf(config: Config): WireSite {
  return {
    domain: config.wire.domain ?? config.site.tagAuthority,
    providerName: config.wire.providerName ?? config.site.title,
    siteUrl: config.site.baseUrl,
    language: config.site.language,
    earlyEmbargoDelivery: config.wire.earlyEmbargoDelivery,
    ...(config.site.copyright === undefined ? {} : { copyright: config.site.copyright }),
  };
}

export function siteOf(config: Config): Site {
  const s = config.site;
  return {
    title: s.title,
    description: s.description,
    baseUrl: s.baseUrl,
    language: s.language,
    tagAuthority: s.tagAuthority,
    tagDate: s.tagDate,
    ...(s.copyright === undefined ? {} : { copyright: s.copyright }),
    ...(s.logoUrl === undefined ? {} : { logoUrl: s.logoUrl }),
  };
}

function merge(a: PublishReport, b: PublishReport): PublishReport {
  return {
    written: [...a.written, ...b.written],
    unchanged: [...a.unchanged, ...b.unchanged],
    failed: [...a.failed, ...b.failed],
  };
}

export type { Article };
