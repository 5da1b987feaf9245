import { createHash } from 'node:crypto';

// Folder names for section, tag and author feeds. A slug holds only letters, marks and digits
// of any script joined by single hyphens, so it can never name `.`, `..` or a path separator,
// and it fits a file name (at most SLUG_MAX_BYTES of UTF-8).

export const SLUG_MAX_BYTES = 80;

// Names repeat across thousands of stories; each is normalised once per process.
const identities = new Map<string, string>();

/** Names that differ only by case, width, compatibility forms or spacing are one feed. */
export function identityOf(name: string): string {
  let identity = identities.get(name);
  if (identity === undefined) {
    identity = name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
    if (identities.size >= 100_000) identities.clear(); // bounded, whatever the input
    identities.set(name, identity);
  }
  return identity;
}

/** The readable slug for a name, before collisions are considered. */
export function slugOf(name: string): string {
  const words = identityOf(name)
    // An apostrophe joins its word ("o'brien" → "obrien") rather than splitting it.
    .replace(/['’ʼ]/gu, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  const slug = truncate(words).replace(/-+$/u, '');
  // A name of punctuation alone still gets a folder of its own.
  return slug === '' || /^\p{M}/u.test(slug) ? `x-${shortHash(name, 8)}` : slug;
}

function truncate(slug: string): string {
  if (Buffer.byteLength(slug) <= SLUG_MAX_BYTES) return slug;
  let out = '';
  let bytes = 0;
  for (const ch of slug) {
    bytes += Buffer.byteLength(ch);
    if (bytes > SLUG_MAX_BYTES - 9) break; // room for a collision suffix
    out += ch;
  }
  return out;
}

const shortHash = (text: string, length: number): string =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * Slugs already published, by feed kind and name identity. A slug, once given, is kept for as
 * long as the registry is, so a feed's address never moves when a colliding name turns up.
 */
export type SlugRegistry = ReadonlyMap<string, string>;

const registryKey = (kind: string, identity: string): string => `${kind}\u0000${identity}`;

export interface SlugAssignment {
  /** Slug per name identity, for this kind. */
  readonly slugs: ReadonlyMap<string, string>;
  /** The registry with this kind's new slugs added. */
  readonly registry: Map<string, string>;
}

/**
 * Gives every identity of one kind a slug no other identity of that kind has. Known identities
 * keep theirs; new ones are handled in sorted order, and a new name whose readable slug is
 * taken gets a suffix from a hash of its identity, so the outcome does not depend on which
 * records a build happened to read first.
 */
export function assignSlugs(
  kind: string,
  names: Iterable<string>,
  previous: SlugRegistry,
  into: Map<string, string> = new Map(previous),
): SlugAssignment {
  const slugs = new Map<string, string>();
  const taken = new Set<string>();
  const prefix = `${kind}\u0000`;
  for (const [key, slug] of into) if (key.startsWith(prefix)) taken.add(slug);
  const fresh: [identity: string, name: string][] = [];
  for (const name of names) {
    const identity = identityOf(name);
    if (slugs.has(identity)) continue;
    const known = into.get(registryKey(kind, identity));
    if (known === undefined) {
      slugs.set(identity, ''); // placeholder keeps duplicates out of `fresh`
      fresh.push([identity, name]);
    } else slugs.set(identity, known);
  }
  fresh.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [identity, name] of fresh) {
    let slug = slugOf(name);
    for (let length = 6; taken.has(slug); length += 2)
      slug = `${slugOf(name)}-${shortHash(identity, length)}`;
    taken.add(slug);
    slugs.set(identity, slug);
    into.set(registryKey(kind, identity), slug);
  }
  return { slugs, registry: into };
}
