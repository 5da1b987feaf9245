import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { mediaTypeOf } from './media-types.js';
import type { Output } from './publish-outputs.js';
import { writeAtomic } from './write-atomic.js';

export interface ManifestEntry {
  readonly path: string;
  readonly type: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Records what the output folder holds (path, media type, size, hash) in the private state
 * folder, for the server and for incremental builds. Rewritten only when it changes.
 */
export async function writeManifest(stateDir: string, published: readonly Output[]): Promise<void> {
  const entries: ManifestEntry[] = published
    .map((o) => {
      const bytes = Buffer.from(o.text, 'utf8');
      return {
        path: o.path,
        type: mediaTypeOf(o.path),
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      };
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  const text = `${JSON.stringify({ files: entries }, null, 2)}\n`;
  const file = path.join(stateDir, 'manifest.json');
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current !== text) await writeAtomic(file, text);
}
