import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run bench [-- --quick]`: every benchmark in turn, each in its own process, each printing
// its figures and targets. One can be run alone: `npm run bench:<name>`.

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');
const quick = process.argv.includes('--quick') ? ['--quick'] : [];
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const BENCHES: readonly { name: string; file: string; args: string[]; node?: string[] }[] = [
  { name: 'writers', file: 'bench/build.bench.ts', args: quick },
  { name: 'incremental', file: 'bench/incremental.bench.ts', args: quick, node: ['--expose-gc'] },
  { name: 'scale', file: 'bench/scale.bench.ts', args: quick },
  { name: 'enrich', file: 'bench/enrich.bench.ts', args: [] },
  { name: 'serve', file: 'bench/serve.bench.ts', args: [] },
];

let failed = 0;
for (const b of BENCHES) {
  if (only !== undefined && b.name !== only) continue;
  console.log(`\n######## ${b.name} (${b.file})\n`);
  const run = spawnSync(process.execPath, [...(b.node ?? []), '--import', 'tsx', b.file, ...b.args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed++;
    console.log(`${b.name}: exited with ${run.status ?? run.signal}`);
  }
}
process.exitCode = failed ? 1 : 0;
