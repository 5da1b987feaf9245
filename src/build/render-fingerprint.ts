import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let fingerprint: string | undefined;

/**
 * A hash of the writers' own code (the formats folder beside this one, compiled or not):
 * output keys include it, so upgrading Syndicate re-renders every file instead of trusting
 * keys made by the old writers. Computed once per process.
 */
export function renderFingerprint(): string {
  if (fingerprint === undefined) {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'formats');
    const hash = createHash('sha256');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(js|ts)$/.test(f) && !/\.test\.(js|ts)$/.test(f))
      .sort();
    for (const f of files) hash.update(f).update(readFileSync(path.join(dir, f)));
    fingerprint = hash.digest('base64url').slice(0, 16);
  }
  return fingerprint;
}
