import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../publish/write-atomic.js';
import type { SlugRegistry } from '../select/slug.js';

// <state>/slugs.json: the folder each section, tag and author feed was published under, so a
// feed keeps its address when a later name would have claimed the same slug.

const FILE = 'slugs.json';

export async function readSlugRegistry(stateDir: string): Promise<SlugRegistry> {
  try {
    const raw = JSON.parse(await readFile(path.join(stateDir, FILE), 'utf8')) as { slugs?: unknown };
    if (!Array.isArray(raw.slugs)) return new Map();
    const entries = raw.slugs.filter(
      (e): e is [string, string] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string',
    );
    return new Map(entries);
  } catch {
    return new Map(); // absent: slugs are derived again, the same way for the same names
  }
}

/** Writes only when a slug was added, so a no-op build leaves the file alone. */
export async function writeSlugRegistry(
  stateDir: string,
  registry: SlugRegistry,
  previous: SlugRegistry,
): Promise<void> {
  if (registry.size === previous.size) return; // slugs are only ever added
  const slugs = [...registry].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  await writeAtomic(path.join(stateDir, FILE), `${JSON.stringify({ slugs }, null, 1)}\n`);
}
