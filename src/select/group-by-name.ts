import type { Article } from '../records/article.js';
import { oldestFirst } from './archive-pages.js';
import { withChanges } from './members.js';
import { identityOf } from './slug.js';

// Stories grouped by the names they carry (a section, tags, authors), one group per name
// identity. A service regroups after every build; when few stories changed, only the groups
// of those stories are made again, and every other group keeps its very members array.

export interface Group {
  readonly identity: string;
  /** The spelling most stories use (ties: the first in code-point order), as the feed's title. */
  readonly name: string;
  /** Oldest first, as the members passed in. */
  readonly members: readonly Article[];
  /** A web page for the name, from the newest story that gives one. */
  readonly url?: string;
}

export type NamesIn = (a: Article) => readonly string[];
export type UrlIn = (a: Article, identity: string) => string | undefined;

interface Remembered {
  readonly members: readonly Article[];
  readonly groups: ReadonlyMap<string, Group>;
}

const remembered = new Map<string, Remembered>();
/** Beyond this many changed stories, grouping everything again is as cheap. */
const MAX_CHANGES = 2_000;

/**
 * Groups `members` (oldest first) by name identity, in identity order so the output never
 * depends on input order. `dimension` names the grouping, so its last result can be reused.
 */
export function groupByName(
  dimension: string,
  members: readonly Article[],
  namesIn: NamesIn,
  urlIn?: UrlIn,
): ReadonlyMap<string, Group> {
  const last = remembered.get(dimension);
  const changed = last === undefined ? undefined : changesBetween(last.members, members, MAX_CHANGES);
  const groups =
    last === undefined || changed === undefined
      ? groupAll(members, namesIn, urlIn)
      : regroup(last.groups, changed, namesIn, urlIn);
  remembered.set(dimension, { members, groups });
  return groups;
}

interface Changes {
  readonly removed: Article[];
  readonly added: Article[];
}

/** What differs between two oldest-first lists, or undefined past `limit` changes. */
function changesBetween(
  before: readonly Article[],
  after: readonly Article[],
  limit: number,
): Changes | undefined {
  const removed: Article[] = [];
  const added: Article[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const a = before[i];
    const b = after[j];
    if (a !== undefined && a === b) {
      i++;
      j++;
      continue;
    }
    const order = a === undefined ? 1 : b === undefined ? -1 : oldestFirst(a, b);
    if (order <= 0 && a !== undefined) {
      removed.push(a);
      i++;
    }
    if (order >= 0 && b !== undefined) {
      added.push(b);
      j++;
    }
    if (removed.length + added.length > limit) return undefined;
  }
  return { removed, added };
}

function regroup(
  previous: ReadonlyMap<string, Group>,
  { removed, added }: Changes,
  namesIn: NamesIn,
  urlIn: UrlIn | undefined,
): ReadonlyMap<string, Group> {
  if (removed.length === 0 && added.length === 0) return previous;
  const touched = new Set<string>();
  for (const a of [...removed, ...added])
    for (const identity of identitiesOf(a, namesIn)) touched.add(identity);
  const next = new Map(previous);
  for (const identity of touched) {
    const joined = added.filter((a) => identitiesOf(a, namesIn).includes(identity));
    const { list: members } = withChanges(previous.get(identity)?.members ?? [], removed, joined);
    if (members.length === 0) next.delete(identity);
    else next.set(identity, groupOf(identity, members, namesIn, urlIn));
  }
  return sortedByIdentity(next);
}

function groupAll(members: readonly Article[], namesIn: NamesIn, urlIn: UrlIn | undefined) {
  const lists = new Map<string, Article[]>();
  for (const a of members) {
    for (const identity of identitiesOf(a, namesIn)) {
      const list = lists.get(identity);
      if (list === undefined) lists.set(identity, [a]);
      else list.push(a);
    }
  }
  const groups = new Map<string, Group>();
  for (const [identity, list] of lists) groups.set(identity, groupOf(identity, list, namesIn, urlIn));
  return sortedByIdentity(groups);
}

function groupOf(
  identity: string,
  members: readonly Article[],
  namesIn: NamesIn,
  urlIn: UrlIn | undefined,
): Group {
  const spellings = new Map<string, number>();
  let url: string | undefined;
  for (const a of members) {
    for (const name of namesIn(a)) {
      if (identityOf(name) !== identity) continue;
      spellings.set(name, (spellings.get(name) ?? 0) + 1);
      break; // one spelling per story: its first with this identity
    }
    // Members come oldest first, so the last url seen is the newest story's.
    const found = urlIn?.(a, identity);
    if (found !== undefined) url = found;
  }
  const name = favouriteSpelling(spellings);
  return url === undefined ? { identity, name, members } : { identity, name, members, url };
}

/** The distinct, non-empty identities of a story's names, first spelling first. */
function identitiesOf(a: Article, namesIn: NamesIn): string[] {
  const seen: string[] = [];
  for (const name of namesIn(a)) {
    const identity = identityOf(name);
    if (identity !== '' && !seen.includes(identity)) seen.push(identity);
  }
  return seen;
}

function sortedByIdentity(groups: ReadonlyMap<string, Group>): Map<string, Group> {
  return new Map([...groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

function favouriteSpelling(spellings: ReadonlyMap<string, number>): string {
  let best = '';
  let count = -1;
  for (const [name, n] of spellings) {
    if (n > count || (n === count && name < best)) {
      best = name;
      count = n;
    }
  }
  return best;
}
