import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../publish/write-atomic.js';

// <state>/feed-totals.json: how many stories each feed published, for the drop guard.

const FILE = 'feed-totals.json';

export async function readFeedTotals(stateDir: string): Promise<ReadonlyMap<string, number>> {
  try {
    const raw = JSON.parse(await readFile(path.join(stateDir, FILE), 'utf8')) as { totals?: unknown };
    if (typeof raw.totals !== 'object' || raw.totals === null) return new Map();
    return new Map(Object.entries(raw.totals).filter((e): e is [string, number] => typeof e[1] === 'number'));
  } catch {
    return new Map(); // absent: nothing to compare with, so nothing is guarded this once
  }
}

export async function writeFeedTotals(
  stateDir: string,
  totals: ReadonlyMap<string, number>,
  previous: ReadonlyMap<string, number>,
): Promise<void> {
  if (totals.size === previous.size && [...totals].every(([k, v]) => previous.get(k) === v)) return;
  const sorted = Object.fromEntries([...totals].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  await writeAtomic(path.join(stateDir, FILE), `${JSON.stringify({ totals: sorted }, null, 1)}\n`);
}
