import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { build } from '../../src/build.js';
import { loadConfig } from '../../src/config/load-config.js';
import { formatDiagnostic } from '../../src/records/article.js';
import { recordFile } from './arbitrary-record.js';

// The runs behind `npm run fuzz`: adversarial record files, built in batches by the real build,
// whose publish gate checks every output (libxml2 well-formedness with declared prefixes, the
// JSON Feed 1.1 schema, the NewsML-G2 2.35 XSD) and refuses what fails. A refused output, a
// build that throws, a record rejected without a diagnostic naming it, a diagnostic of more
// than one line or a polluted Object.prototype is a failure.

export interface FuzzReport {
  readonly records: number;
  readonly seed: number;
  readonly valid: number;
  readonly rejected: number;
  readonly outputs: Record<string, number>;
  readonly failures: number;
  readonly problems: string[];
  readonly seconds: number;
}

const REPO = path.resolve(import.meta.dirname, '../..');
const NOW = Date.parse('2026-11-26T00:00:00Z');

export async function fuzz(
  records: number,
  seed: number,
  batchSize = 1000,
  onBatch?: (done: number) => void,
): Promise<FuzzReport> {
  const started = performance.now();
  const base = (await loadConfig(path.join(REPO, 'syndicate.config.json'))).config;
  // Every story in the main feed, so every record meets every writer.
  const config = { ...base, feeds: { ...base.feeds, main: { ...base.feeds.main, maxItems: batchSize } } };
  const root = await mkdtemp(path.join(tmpdir(), 'syndicate-fuzz-'));
  const outputs: Record<string, number> = {};
  const problems: string[] = [];
  let valid = 0;
  let rejected = 0;
  try {
    for (let first = 0; first < records; first += batchSize) {
      const count = Math.min(batchSize, records - first);
      const site = path.join(root, `batch-${first}`);
      const content = path.join(site, 'content');
      await mkdir(content, { recursive: true });
      const files = fc.sample(recordFile, { numRuns: count, seed: seed + first });
      await Promise.all(
        files.map((f, k) => {
          const n = String(first + k);
          return writeFile(path.join(content, f.name.replace('@ID@', n)), f.bytes.replaceAll('@ID@', n));
        }),
      );
      let result: Awaited<ReturnType<typeof build>>;
      try {
        result = await build({ config, baseDir: site, now: NOW, enrich: false });
      } catch (err) {
        problems.push(`records ${first}..${first + count - 1}: the build threw ${(err as Error).stack}`);
        continue;
      }
      for (const f of result.publish.failed) problems.push(`refused ${f.path}: ${f.problems.join('; ')}`);
      for (const p of [...result.publish.written, ...result.publish.unchanged]) {
        const kind = p.startsWith('newsml/') ? 'newsml' : path.basename(p);
        outputs[kind] = (outputs[kind] ?? 0) + 1;
      }
      valid += result.status.records.valid;
      rejected += result.status.records.rejected;
      // A record file gives a story or is rejected with a diagnostic naming it, never neither.
      if (result.status.records.valid + result.status.records.rejected !== count)
        problems.push(
          `records ${first}..: ${count} files gave ${result.status.records.valid} valid and ${result.status.records.rejected} rejected`,
        );
      for (const d of result.diagnostics) {
        const text = formatDiagnostic(d);
        if (/[\r\n\u2028\u2029]/.test(text))
          problems.push(`a diagnostic spans lines: ${JSON.stringify(text)}`);
      }
      if (Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>).polluted !== undefined)
        problems.push('Object.prototype was polluted');
      await rm(site, { recursive: true, force: true });
      onBatch?.(first + count);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return {
    records,
    seed,
    valid,
    rejected,
    outputs,
    failures: problems.length,
    problems,
    seconds: (performance.now() - started) / 1000,
  };
}
