import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { mediaTypeOf } from './media-types.js';
import { bytesOf, type Output } from './publish-outputs.js';
import { writeAtomic } from './write-atomic.js';

// <state>/manifest.json: what the output folder holds (path, media type, size, hash) and the
// key each file was rendered from. The server reads types from it; the next build skips
// rendering any output whose key is unchanged. Private state: never inside the output folder.

export interface ManifestEntry {
  readonly path: string;
  readonly type: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly key: string;
}

export type Manifest = ReadonlyMap<string, ManifestEntry>;

/** `sha256`: the hash of the output's bytes, when already known (`sha256Of`). */
export function manifestEntry(output: Output, key: string, sha256?: string): ManifestEntry {
  // The bytes publishing wrote: encoded once, not again for the size and the hash.
  const bytes = bytesOf(output);
  return {
    path: output.path,
    type: mediaTypeOf(output.path),
    bytes: bytes.length,
    sha256: sha256 ?? createHash('sha256').update(bytes).digest('hex'),
    key,
  };
}

/**
 * The SHA-256 of an output's bytes, worked out in libuv's thread pool (WebCrypto's digest
 * runs there, on a copy of the bytes): a cold build hashes gigabytes, which this thread, the
 * one rendering, need not spend its time on.
 */
export async function sha256Of(output: Output): Promise<string> {
  return Buffer.from(await crypto.subtle.digest('SHA-256', bytesOf(output))).toString('hex');
}

/** The manifest of `outDir`; one written for another output folder does not count. */
export async function readManifest(stateDir: string, outDir: string): Promise<Manifest> {
  try {
    const raw = JSON.parse(await readFile(path.join(stateDir, 'manifest.json'), 'utf8')) as {
      outDir?: string;
      files?: ManifestEntry[];
    };
    if (raw.outDir !== outDir) return new Map();
    return new Map((raw.files ?? []).map((e) => [e.path, e]));
  } catch {
    return new Map(); // absent or unreadable: the next build renders everything, which is safe
  }
}

/** Rewrites the manifest only when it changed, so a no-op build writes nothing at all. */
export async function writeManifest(
  stateDir: string,
  outDir: string,
  manifest: Manifest,
  previous: Manifest,
): Promise<void> {
  if (sameEntries(manifest, previous)) return;
  let entries = [...manifest.values()];
  if (!inPathOrder(entries)) entries = entries.sort((a, b) => (a.path < b.path ? -1 : 1));
  // One entry per line, each serialised once: a service rewrites this after every build, and a
  // large site has tens of thousands of entries of which a build changes a few.
  await writeAtomic(path.join(stateDir, 'manifest.json'), manifestChunks(outDir, entries));
}

function* manifestChunks(outDir: string, entries: readonly ManifestEntry[]): Generator<string> {
  yield `{"outDir":${JSON.stringify(outDir)},"files":[\n`;
  for (const [i, entry] of entries.entries()) yield `${i === 0 ? '' : ',\n'}${lineOf(entry)}`;
  yield '\n]}\n';
}

const lines = new WeakMap<ManifestEntry, string>();

function lineOf(entry: ManifestEntry): string {
  let line = lines.get(entry);
  if (line === undefined) {
    line = JSON.stringify(entry);
    lines.set(entry, line);
  }
  return line;
}

function inPathOrder(entries: readonly ManifestEntry[]): boolean {
  for (let i = 1; i < entries.length; i++)
    if ((entries[i - 1] as ManifestEntry).path >= (entries[i] as ManifestEntry).path) return false;
  return true;
}

/** A build keeps the entry object of every file it did not write, so identity is enough. */
function sameEntries(a: Manifest, b: Manifest): boolean {
  if (a.size !== b.size) return false;
  for (const [file, entry] of a) {
    const other = b.get(file);
    if (other !== entry && JSON.stringify(other) !== JSON.stringify(entry)) return false;
  }
  return true;
}
