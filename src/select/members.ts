import type { Article } from '../records/article.js';
import { oldestFirst } from './archive-pages.js';
import { isPublicAt } from './lifecycle.js';

// The stories the feeds are made of: public ones and killed ones (which keep their archive slot
// and give the tombstones), oldest first. A service builds after every edit of a large site;
// then the articles differ from last time in a few places, and the members are the last ones
// with those few stories taken out or merged in, rather than the whole site filtered and sorted.

export interface Members {
  /** Oldest first; the very array of the last call when nothing changed. */
  readonly order: readonly Article[];
  /**
   * What changed since `before`, the last call's order, when it was worked out from it (a story
   * moved in the list is in both).
   */
  readonly changes?: MemberChanges & { readonly before: readonly Article[] };
}

export interface MemberChanges {
  readonly removed: readonly Article[];
  readonly added: readonly Article[];
}

interface Memory {
  readonly articles: readonly Article[];
  readonly now: number;
  readonly order: readonly Article[];
  /** Stories not members yet that the clock alone may make public. */
  readonly waiting: readonly Article[];
}

let last: Memory | undefined;
/** Beyond this many differences, filtering and sorting everything is as cheap. */
const MAX_CHANGES = 2_000;

const isMember = (a: Article, now: number) => a.status === 'killed' || isPublicAt(a, now);
const mayWait = (a: Article) => a.status === 'embargoed' || a.status === 'published';

export function membersOf(articles: readonly Article[], now: number): Members {
  // Publication and embargo times only ever make stories public as the clock goes forward.
  const delta = last !== undefined && now >= last.now ? differences(last.articles, articles) : undefined;
  const members =
    last !== undefined && delta !== undefined ? update(last, delta, now) : everything(articles, now);
  const before = last?.order;
  last = { articles, now, order: members.order, waiting: members.waiting };
  return members.changes && before
    ? { order: members.order, changes: { ...members.changes, before } }
    : { order: members.order };
}

interface Worked {
  readonly order: readonly Article[];
  readonly waiting: readonly Article[];
  readonly changes?: MemberChanges;
}

function everything(articles: readonly Article[], now: number): Worked {
  const order: Article[] = [];
  const waiting: Article[] = [];
  for (const a of articles) {
    if (isMember(a, now)) order.push(a);
    else if (mayWait(a)) waiting.push(a);
  }
  return { order: order.sort(oldestFirst), waiting };
}

function update(memory: Memory, delta: MemberChanges, now: number): Worked {
  const gone = new Set(delta.removed);
  const joining: Article[] = [];
  const waiting: Article[] = [];
  const consider = (a: Article) => {
    if (isMember(a, now)) joining.push(a);
    else if (mayWait(a)) waiting.push(a);
  };
  for (const a of delta.added) consider(a);
  // One removed and added again (moved in the list) is considered once, as added.
  for (const a of memory.waiting) if (!gone.has(a)) consider(a);
  const { list, taken } = withChanges(memory.order, delta.removed, joining);
  return { order: list, waiting, changes: { removed: taken, added: joining } };
}

/**
 * An oldest-first list less `out` and with `into` merged in, and which of `out` it held. The
 * list is ordered, so each story is found by binary search rather than by a pass over it all.
 */
export function withChanges(
  list: readonly Article[],
  out: readonly Article[],
  into: readonly Article[],
): { list: readonly Article[]; taken: Article[] } {
  if (out.length === 0 && into.length === 0) return { list, taken: [] };
  if (out.length + into.length > 64) {
    // Many changes: one pass and a sort of a long sorted run, rather than many splices.
    const gone = new Set(out);
    const taken: Article[] = [];
    const kept: Article[] = [];
    for (const a of list) (gone.has(a) ? taken : kept).push(a);
    return { list: kept.concat(into).sort(oldestFirst), taken };
  }
  const next = list.slice();
  const taken: Article[] = [];
  for (const a of out) {
    const at = indexOf(next, a);
    if (at >= 0) {
      next.splice(at, 1);
      taken.push(a);
    }
  }
  for (const a of into) next.splice(placeOf(next, a), 0, a);
  return { list: next, taken };
}

/** Where `a` goes in an oldest-first list: after every story not newer than it. */
function placeOf(list: readonly Article[], a: Article): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (oldestFirst(list[mid] as Article, a) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where `a` itself is in an oldest-first list, or -1; stories that sort as equal are looked through. */
function indexOf(list: readonly Article[], a: Article): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (oldestFirst(list[mid] as Article, a) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < list.length && oldestFirst(list[i] as Article, a) === 0; i++)
    if (list[i] === a) return i;
  return -1;
}

/**
 * The members `include` keeps, worked out from `last` (what it kept of the last call's members)
 * and the changes when there are some: the very array when none concerns it.
 */
export function keptOf(
  members: Members,
  include: (a: Article) => boolean,
  last?: { readonly from: readonly Article[]; readonly kept: readonly Article[] },
): readonly Article[] {
  const changes = members.changes;
  if (changes === undefined || last === undefined || last.from !== changes.before)
    return members.order.filter(include);
  // `include` is a function of the story alone, so a story it did not keep is not in `kept`.
  return withChanges(last.kept, changes.removed.filter(include), changes.added.filter(include)).list;
}

/**
 * The stories only in `before` and only in `after`, as sets, or undefined past MAX_CHANGES.
 * The loader lists records in the same order every time, so the lists are walked side by side:
 * a story edited, added or removed is a short stretch where they differ.
 */
export function differences(
  before: readonly Article[],
  after: readonly Article[],
): MemberChanges | undefined {
  const removed: Article[] = [];
  const added: Article[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length && j < after.length) {
    const a = before[i] as Article;
    const b = after[j] as Article;
    if (a === b) {
      i++;
      j++;
    } else if (before[i + 1] === b) {
      removed.push(a);
      i++;
    } else if (after[j + 1] === a) {
      added.push(b);
      j++;
    } else {
      // Edited in place, or a longer stretch: counting both is right either way.
      removed.push(a);
      added.push(b);
      i++;
      j++;
    }
    if (removed.length + added.length > MAX_CHANGES) return undefined;
  }
  while (i < before.length) removed.push(before[i++] as Article);
  while (j < after.length) added.push(after[j++] as Article);
  return removed.length + added.length > MAX_CHANGES ? undefined : { removed, added };
}
