import type { ImageStatus } from './enrich/index.js';
import { rfc3339 } from './formats/shared/dates.js';
import type { PublishReport } from './publish/publish-outputs.js';
import type { Article, Diagnostic } from './records/article.js';
import type { LoadResult } from './records/load-content.js';
import type { SelectedFeed } from './select/feed-sets.js';
import { isPublicAt } from './select/lifecycle.js';

/**
 * What feeds/status.json says about a build. It holds no wall-clock time: a build
 * that changes nothing must rewrite nothing, status included.
 */
export interface BuildStatus {
  readonly ok: boolean;
  readonly records: { readonly files: number; readonly valid: number; readonly rejected: number };
  readonly stories: {
    readonly public: number;
    readonly embargoed: number;
    readonly drafts: number;
    readonly killed: number;
    /** The next embargo to lift, so a scheduler can build at that moment. */
    readonly nextEmbargo?: string;
  };
  /** The main feed, and how many feeds and archive pages the selection gave (index.json lists them). */
  readonly feeds: {
    readonly main: { readonly items: number; readonly updated?: string };
    readonly count: number;
    readonly byKind: Readonly<Record<string, number>>;
    readonly archivePages: number;
  };
  /** Image facts: how many photos carry type, length and size, and every lookup problem. */
  readonly images?: ImageStatus;
  /** NewsML-G2 messages on the wire, and how many of them withdraw a story. */
  readonly wire?: { readonly messages: number; readonly canceled: number };
  readonly rejected: readonly { readonly file: string; readonly problems: readonly string[] }[];
  readonly warnings: readonly string[];
  readonly failedOutputs: PublishReport['failed'];
}

export interface StatusInput {
  readonly loaded: LoadResult;
  /** The main feed first. */
  readonly feeds: readonly SelectedFeed[];
  readonly publish: PublishReport;
  readonly now: number;
  readonly images?: ImageStatus;
  readonly wire?: readonly Article[];
}

export function describeBuild({ loaded, feeds, publish, now, images, wire }: StatusInput): BuildStatus {
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  const rejected = groupByFile(errors);
  const a = loaded.articles;
  // One pass: this runs after every build of a site of any size.
  let published = 0;
  let embargoed = 0;
  let drafts = 0;
  let killed = 0;
  let next: number | undefined;
  for (const s of a) {
    // The status read once: these objects come in many shapes, and each read costs.
    const status = s.status;
    if (status === 'draft') drafts++;
    else if (status === 'killed') killed++;
    else {
      const embargo = s.embargo;
      if (status === 'embargoed' && (embargo ?? 0) > now) {
        embargoed++;
        if (next === undefined || (embargo as number) < next) next = embargo;
      } else if (isPublicAt(s, now)) published++;
    }
  }
  return {
    ok: rejected.length === 0 && publish.failed.length === 0,
    records: { files: loaded.files, valid: a.length, rejected: rejected.length },
    stories: {
      public: published,
      embargoed,
      drafts,
      killed,
      ...(next === undefined ? {} : { nextEmbargo: rfc3339(next) }),
    },
    feeds: feedCounts(feeds),
    ...(images === undefined ? {} : { images }),
    ...(wire === undefined
      ? {}
      : { wire: { messages: wire.length, canceled: wire.filter((s) => s.status === 'killed').length } }),
    rejected,
    warnings: loaded.diagnostics.filter((d) => d.severity === 'warning').map(line),
    failedOutputs: publish.failed,
  };
}

function feedCounts(feeds: readonly SelectedFeed[]): BuildStatus['feeds'] {
  const byKind: Record<string, number> = {};
  let archivePages = 0;
  for (const f of feeds) {
    byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
    archivePages += f.archives.length;
  }
  const main = feeds[0]?.current;
  return {
    main: {
      items: main?.stories.length ?? 0,
      ...(main?.updated === undefined ? {} : { updated: rfc3339(main.updated) }),
    },
    count: feeds.length,
    byKind,
    archivePages,
  };
}

function groupByFile(diags: readonly Diagnostic[]): { file: string; problems: string[] }[] {
  const map = new Map<string, string[]>();
  for (const d of diags)
    map.set(d.file, [...(map.get(d.file) ?? []), d.path ? `${d.path}: ${d.message}` : d.message]);
  return [...map].map(([file, problems]) => ({ file, problems }));
}

function line(d: Diagnostic): string {
  return d.path ? `${d.file}: ${d.path}: ${d.message}` : `${d.file}: ${d.message}`;
}
