import type { Article, Diagnostic } from './article.js';
import type { CachedRecord } from './load-content.js';

// A record file that cannot be read or parsed right now (a CMS export caught half-way, a sync
// that has not finished, a share that went away) is not an editorial decision. Only
// `status: killed` withdraws a story, so such a file keeps giving its last good article.

export interface LastGood {
  readonly sha256: string;
  readonly article: Article;
}

/** The newest version of a record file that gave an article, if any. */
export function lastGoodOf(entry: CachedRecord | undefined): LastGood | undefined {
  if (entry === undefined) return undefined;
  if (entry.result.article) return { sha256: entry.sha256, article: entry.result.article };
  return entry.lastGood;
}

export function keptWhileBroken(display: string, article: Article): Diagnostic {
  return {
    file: display,
    path: '',
    message: `unusable now, so the last good version of "${article.id}" is kept until the file is readable again (only status: killed withdraws a story)`,
    severity: 'warning',
  };
}

export function keptWhileGone(display: string, article: Article): Diagnostic {
  return {
    file: display,
    path: '',
    message: `record file is gone, so the last good version of "${article.id}" is kept until it returns; to withdraw the story set status: killed, then the file may be deleted`,
    severity: 'warning',
  };
}

/**
 * Whether a vanished file's last good article is still owed to readers: a killed story whose file
 * is deleted has been withdrawn already and is forgotten; so is one whose id another file now
 * claims (the record was moved or renamed).
 */
export function keepsVanished(last: LastGood | undefined, claimedIds: ReadonlySet<string>): last is LastGood {
  return last !== undefined && last.article.status !== 'killed' && !claimedIds.has(last.article.id);
}
