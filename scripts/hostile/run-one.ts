import { HOSTILE_CASES } from './cases.js';

// One hostile case in a process of its own, so its memory is its own: prints the case's wall
// time and how far it raised the process's peak resident memory above the warmed-up parser's.

const index = Number(process.argv[2]);
const c = HOSTILE_CASES[index];
if (c === undefined) throw new Error(`no hostile case ${process.argv[2]}`);
await c.warmUp();
const before = process.resourceUsage().maxRSS;
const started = performance.now();
let error: string | undefined;
try {
  await c.run();
} catch (err) {
  error = (err as Error).message;
}
const ms = performance.now() - started;
const peakMb = (process.resourceUsage().maxRSS - before) / 1024;
console.log(JSON.stringify({ name: c.name, parser: c.parser, ms, peakMb, ...(error ? { error } : {}) }));
process.exit(0);
