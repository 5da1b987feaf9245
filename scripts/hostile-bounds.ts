import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LIMIT_MB, LIMIT_MS, measureHostileCases, withinBounds } from './hostile/measure.js';

// Every hostile-parser case in a fresh process: its outcome, wall time and peak memory.
//
//   npm run hostile-bounds [-- --save FILE]

const { values } = parseArgs({ options: { save: { type: 'string' } } });
const results = await measureHostileCases();
for (const r of results) {
  const verdict = withinBounds(r) ? 'ok  ' : 'FAIL';
  console.log(
    `${verdict} ${r.parser.padEnd(8)} ${r.ms.toFixed(0).padStart(5)} ms ${r.peakMb.toFixed(1).padStart(6)} MB  ${r.name}${r.error ? `: ${r.error}` : ''}`,
  );
}
console.log(`limits: ${LIMIT_MS} ms and ${LIMIT_MB} MB above the warmed-up parser, per case`);
if (values.save) await writeFile(values.save, `${JSON.stringify(results, null, 2)}\n`);
process.exitCode = results.every(withinBounds) ? 0 : 1;
