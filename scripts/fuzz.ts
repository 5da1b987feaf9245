import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fuzz } from './fuzz/fuzz-run.js';

// Adversarial records through the real build; every output must pass its validator.
//
//   npm run fuzz -- --records 100000 [--seed 1] [--batch 1000] [--save FILE]

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string', default: '1000' },
    save: { type: 'string' },
  },
});

const report = await fuzz(Number(values.records), Number(values.seed), Number(values.batch), (done) => {
  if (process.stderr.isTTY) process.stderr.write(`\r${done} records`);
});
if (process.stderr.isTTY) process.stderr.write('\n');
const outputs = Object.entries(report.outputs)
  .map(([k, n]) => `${n} ${k}`)
  .join(', ');
console.log(
  [
    `fuzz records: ${report.records} (seed ${report.seed}): ${report.valid} valid, ${report.rejected} rejected with diagnostics`,
    `outputs checked by their validators: ${outputs}`,
    `failures: ${report.failures}`,
    `${report.seconds.toFixed(1)} s`,
    ...report.problems.slice(0, 20),
  ].join('\n'),
);
if (values.save) await writeFile(values.save, `${JSON.stringify(report, null, 2)}\n`);
process.exitCode = report.failures > 0 ? 1 : 0;
