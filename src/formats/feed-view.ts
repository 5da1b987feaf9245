import type { Article } from '../records/article.js';

/** What a writer needs to know about the site; never the clock, never the file system. */
export interface Site {
  readonly title: string;
  readonly description: string;
  /** Absolute, ends with `/`. */
  readonly baseUrl: string;
  readonly language: string;
  readonly copyright?: string;
  /** RFC 4151 tag URI authority (a domain name or email address) and its date. */
  readonly tagAuthority: string;
  readonly tagDate: string;
  /** Absolute URL of the site's logo or icon, if any. */
  readonly logoUrl?: string;
  /** WebSub hubs the feeds advertise, so subscribers get pushes instead of polling. */
  readonly hubs?: readonly string[];
}

/** The absolute URLs at which one feed is published, one per format. */
export interface FeedLinks {
  readonly rss: string;
  readonly atom: string;
  readonly json: string;
  /** The human page this feed mirrors. */
  readonly html: string;
}

/** One feed, already selected and ordered newest first: the only input of a writer. */
export interface FeedView {
  readonly site: Site;
  /** Stable key of the feed, e.g. `main` or `sections/world`; part of its tag URI. */
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly links: FeedLinks;
  readonly stories: readonly Article[];
  /** The newest `updated` of the stories; undefined for an empty feed. */
  readonly updated?: number;
  /** RFC 5005 links; `current` is present only on an archive document. */
  readonly paging?: FeedPaging;
  /**
   * `summary` leaves story bodies out: items carry the summary, the corrections, deck and
   * dateline, and link to the story. For feeds many readers never open in full (archives,
   * tag and author feeds on a large site), it keeps a site's output a fraction of the size.
   */
  readonly content?: 'full' | 'summary';
  /** RFC 6721: withdrawn stories, for formats that can say so (Atom). */
  readonly tombstones?: readonly Tombstone[];
}

/** Links between a feed's current document and its archive pages, each in every format. */
export interface FeedPaging {
  /** The subscription document; marks this document as an archive (`fh:archive`). */
  readonly current?: FeedLinks;
  /** The next older archive page. */
  readonly prevArchive?: FeedLinks;
  /** The next newer archive page. */
  readonly nextArchive?: FeedLinks;
}

export interface Tombstone {
  /** Record id of the withdrawn story. */
  readonly id: string;
  /** When it was withdrawn. */
  readonly when: number;
}
