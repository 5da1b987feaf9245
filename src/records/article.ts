// The normalised, trusted story that every stage after `records` receives.
// Instants are epoch milliseconds: compared as instants, rendered by each format.

export type Status = 'published' | 'draft' | 'embargoed' | 'killed';

export interface Credit {
  /** The credit line exactly as the newsroom printed it. */
  readonly line: string;
  readonly photographer?: string;
  readonly agency?: string;
  readonly distributor?: string;
}

export interface Image {
  readonly url: string;
  readonly caption: string;
  readonly alt: string;
  readonly credit: Credit;
  readonly type?: string;
  readonly length?: number;
  readonly width?: number;
  readonly height?: number;
  readonly rights?: string;
}

export interface Author {
  readonly name: string;
  readonly email?: string;
  readonly url?: string;
}

export interface Tag {
  readonly name: string;
  readonly scheme?: string;
  readonly code?: string;
}

export interface Dateline {
  readonly city?: string;
  readonly region?: string;
  readonly country?: string;
  readonly lat?: number;
  readonly lon?: number;
}

export interface Correction {
  readonly date: number;
  readonly text: string;
}

export interface Article {
  readonly id: string;
  readonly headline: string;
  readonly subheadline?: string;
  readonly summary?: string;
  /**
   * Sanitised HTML with absolute links, free of characters XML forbids (records guarantees it,
   * so writers need not scan it again). Empty only for a killed story.
   */
  readonly bodyHtml: string;
  /** Absolute http(s) URL. */
  readonly url: string;
  readonly published: number;
  /** Equals `published` when the record gives no `updated`. */
  readonly updated: number;
  readonly authors: readonly Author[];
  /** As printed; derived from `authors` when the record has none. */
  readonly byline?: string;
  readonly source?: string;
  readonly section: string;
  readonly tags: readonly Tag[];
  /** BCP 47; the site's language when the record gives none. */
  readonly language: string;
  readonly dateline?: Dateline;
  readonly images: readonly Image[];
  readonly status: Status;
  readonly embargo?: number;
  readonly version: number;
  readonly corrections: readonly Correction[];
  readonly urgency?: number;
  readonly rights?: string;
  /** Where the record came from, relative to the working folder, for diagnostics. */
  readonly origin: string;
}

export interface Diagnostic {
  readonly file: string;
  /** Field path such as `images[1].credit`; empty for a problem with the whole file. */
  readonly path: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/** One line per problem: a record's text quoted in a message cannot break it or drive the terminal. */
export function formatDiagnostic(d: Diagnostic): string {
  const file = printable(d.file);
  const message = printable(d.message);
  return d.path ? `${file}: ${printable(d.path)}: ${message}` : `${file}: ${message}`;
}

// C0 and C1 controls (line ends, ESC and CSI sequences), line and paragraph separators, bidi
// embeddings, overrides and isolates (which reorder what follows), lone surrogates.
const UNPRINTABLE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
