import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest, ManifestEntry } from '../publish/manifest.js';
import { safeTarget } from '../publish/publish-outputs.js';
import { mapLimit } from '../records/map-limit.js';
import type { PlannedOutput } from './plan-outputs.js';

// Which planned outputs a build renders again, and the manifest it leaves for the next one.

/** Outputs whose key changed since their file was written, or whose file is gone. */
export async function staleOutputs(outDir: string, planned: readonly PlannedOutput[], manifest: Manifest) {
  const root = path.resolve(outDir);
  const fresh = await mapLimit(planned, 64, async (p) => {
    const entry = manifest.get(p.path);
    const target = safeTarget(root, p.path);
    return entry?.key === p.key && target !== undefined && (await sizeOf(target)) === entry.bytes;
  });
  return planned.filter((_, i) => !fresh[i]);
}

/** The manifest after a build: `fresh` entries over `previous`, for the planned files alone. */
export function nextManifest(
  planned: readonly PlannedOutput[],
  fresh: ReadonlyMap<string, ManifestEntry>,
  previous: Manifest,
): Map<string, ManifestEntry> {
  if (
    planned.length + 1 === previous.size &&
    previous.has('status.json') &&
    planned.every((p) => previous.has(p.path))
  ) {
    const next = new Map(previous); // the same files as last time (status.json the one extra)
    for (const [file, entry] of fresh) next.set(file, entry);
    return next;
  }
  // In path order, as the manifest file lists them, so later builds need not sort it again.
  const paths = [...planned.map((p) => p.path), 'status.json'].sort();
  const next = new Map<string, ManifestEntry>();
  for (const file of paths) {
    const entry = fresh.get(file) ?? previous.get(file);
    if (entry) next.set(file, entry);
  }
  return next;
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined; // missing: render it again
  }
}
