import type { SelectedFeed } from '../select/feed-sets.js';

// A build that would suddenly lose much of a feed is more likely broken input (a half-synced
// content folder, an export that marked everything draft, a clock far off) than news. Such a
// feed keeps its published files until someone confirms the drop.

export interface DropGuardSettings {
  /** Largest share of a feed's stories one build may drop; 1 turns the guard off. */
  readonly maxDropShare: number;
  /** Feeds with fewer stories than this are not guarded (one kill can empty a small tag). */
  readonly minStories: number;
}

export interface DropVerdict {
  /** Feed key → why its documents were not published. */
  readonly refused: Map<string, string>;
  /** Stories per feed to compare the next build with: the new count, or the old for a refused feed. */
  readonly totals: Map<string, number>;
}

export function guardDrops(
  feeds: readonly SelectedFeed[],
  previous: ReadonlyMap<string, number>,
  settings: DropGuardSettings,
  allow: boolean,
): DropVerdict {
  const refused = new Map<string, string>();
  const totals = new Map<string, number>();
  for (const feed of feeds) {
    const before = previous.get(feed.key);
    const dropped = before === undefined ? 0 : before - feed.total;
    if (
      !allow &&
      before !== undefined &&
      before >= settings.minStories &&
      dropped > before * settings.maxDropShare
    ) {
      const share = Math.round((dropped / before) * 100);
      refused.set(
        feed.key,
        `would drop ${dropped} of its ${before} stories (${share}%, over feeds.guard.maxDropShare ${settings.maxDropShare}); the published files stay until a build with --allow-drop`,
      );
      totals.set(feed.key, before);
    } else totals.set(feed.key, feed.total);
  }
  return { refused, totals };
}
