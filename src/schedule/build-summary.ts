// What the scheduler needs to know about a build, and how build()'s result is reduced to it.

export interface BuildSummary {
  readonly ok: boolean;
  /** The next embargo instant (ms since the epoch), when a story is still embargoed. */
  readonly nextEmbargoMs?: number;
  /** Public URLs of the feeds whose bytes changed: the WebSub topics to ping. */
  readonly changedFeedUrls: readonly string[];
  /** Counts for the build's log line (records, stories, files). */
  readonly counts?: Readonly<Record<string, number>>;
}

/** The part of build()'s result read here; `BuildResult` fits it (checked in the test). */
export interface BuildOutcome {
  readonly status: {
    readonly ok: boolean;
    readonly records: { readonly files: number; readonly valid: number; readonly rejected: number };
    readonly stories: { readonly public: number; readonly embargoed: number; readonly nextEmbargo?: string };
  };
  readonly publish: {
    readonly written: readonly string[];
    readonly unchanged: readonly string[];
    readonly failed: readonly unknown[];
  };
}

/** Subscribable documents; status.json, index pages and NewsML messages are not WebSub topics. */
const FEED_FILE = /(^|\/)(rss\.xml|atom\.xml|feed\.json)$/;

/** `feedsUrl` is where the output folder is served, ending with "/". */
export function summarizeBuild(result: BuildOutcome, feedsUrl: string): BuildSummary {
  const { status, publish } = result;
  const next = status.stories.nextEmbargo === undefined ? Number.NaN : Date.parse(status.stories.nextEmbargo);
  return {
    ok: status.ok,
    ...(Number.isNaN(next) ? {} : { nextEmbargoMs: next }),
    changedFeedUrls: publish.written.filter((p) => FEED_FILE.test(p)).map((p) => new URL(p, feedsUrl).href),
    counts: {
      records: status.records.files,
      rejected: status.records.rejected,
      public: status.stories.public,
      embargoed: status.stories.embargoed,
      written: publish.written.length,
      unchanged: publish.unchanged.length,
      failed: publish.failed.length,
    },
  };
}
