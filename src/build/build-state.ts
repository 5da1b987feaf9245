import { stat } from 'node:fs/promises';
import path from 'node:path';
import { type Manifest, readManifest } from '../publish/manifest.js';
import type { Diagnostic } from '../records/article.js';
import type { RecordCache } from '../records/load-content.js';
import type { SlugRegistry } from '../select/slug.js';
import type { BuildStatus } from '../status.js';
import { readFeedTotals } from './feed-totals-file.js';
import { readRecordCache } from './record-cache-file.js';
import { readSlugRegistry } from './slug-registry-file.js';

// What a build knows from the last one: handed over in memory by a service, or read from the
// state folder, and when that knowledge is to be checked against the disk again.

/** What one build hands the next, so a service's no-op build reads and renders nothing. */
export interface BuildState {
  readonly optionsKey: string;
  readonly outDir: string;
  readonly records: RecordCache;
  readonly manifest: Manifest;
  readonly slugs: SlugRegistry;
  /** Stories each feed last published, for the drop guard. */
  readonly totals: ReadonlyMap<string, number>;
  /** When the published files were last checked against the manifest (wall clock). */
  readonly verifiedAt?: number;
  /** The manifest file's size and mtime after this build. */
  readonly manifestStamp?: string;
  /** What this build gave, reusable while its inputs and the clock's effect stay the same. */
  readonly settled?: Settled;
}

/** A finished build's outcome, and how long the clock alone leaves it unchanged. */
export interface Settled {
  readonly configKey: string;
  readonly enrich: boolean;
  /** The build's clock, and the first instant at which the clock alone changes its outputs. */
  readonly from: number;
  readonly until: number;
  readonly paths: readonly string[];
  readonly status: BuildStatus;
  readonly problems: readonly Diagnostic[];
  readonly enrichment: string;
}

/**
 * A service trusts its in-memory manifest for this long before it checks the published files
 * again, so a no-op build does not stat every output; a file removed by hand is rewritten
 * within this time, or by the next one-shot build, which always checks.
 */
const VERIFY_EVERY_MS = 5 * 60_000;

/** The state a build starts from: `given` if it still holds for these folders and options. */
export async function previousState(
  given: BuildState | undefined,
  where: { readonly stateDir: string; readonly outDir: string; readonly optionsKey: string },
): Promise<BuildState> {
  const { stateDir, outDir, optionsKey } = where;
  const manifestStamp = await stampOf(path.join(stateDir, 'manifest.json'));
  return given?.optionsKey === optionsKey &&
    given.outDir === outDir &&
    // Another process sharing the folders built since: what it wrote is on disk, not in memory.
    given.manifestStamp === manifestStamp
    ? given
    : {
        optionsKey,
        outDir,
        records: await readRecordCache(stateDir, optionsKey),
        manifest: await readManifest(stateDir, outDir),
        slugs: await readSlugRegistry(stateDir),
        totals: await readFeedTotals(stateDir),
      };
}

/** Whether the published files are to be checked against the manifest again. */
export function verifyDue(state: BuildState): boolean {
  return Date.now() - (state.verifiedAt ?? 0) > VERIFY_EVERY_MS;
}

/** The loader hands back the very entry object for every file it did not read again. */
export function sameRecords(now: RecordCache, before: RecordCache): boolean {
  if (now.size !== before.size) return false;
  for (const [file, entry] of now) if (before.get(file) !== entry) return false;
  return true;
}

/** A file's size and mtime, to tell whether another process rewrote it. */
export async function stampOf(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return undefined;
  }
}
