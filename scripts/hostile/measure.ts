import { execFile } from 'node:child_process';
import path from 'node:path';
import { HOSTILE_CASES } from './cases.js';

export interface HostileResult {
  readonly name: string;
  readonly parser: string;
  readonly ms: number;
  /** Rise of peak resident memory over the warmed-up parser's, in MB. */
  readonly peakMb: number;
  readonly error?: string;
}

export const LIMIT_MS = 1000;
export const LIMIT_MB = 100;

const RUN_ONE = path.join(import.meta.dirname, 'run-one.ts');

/** Runs every hostile case, one fresh process each, one after another so none disturbs another. */
export async function measureHostileCases(): Promise<HostileResult[]> {
  const results: HostileResult[] = [];
  for (const [i] of HOSTILE_CASES.entries()) {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', RUN_ONE, String(i)],
        { timeout: 60_000, maxBuffer: 1 << 20 },
        (err, out, stderr) =>
          err ? reject(new Error(`hostile case ${i}: ${stderr || err.message}`)) : resolve(out),
      );
    });
    results.push(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as HostileResult);
  }
  return results;
}

export function withinBounds(r: HostileResult): boolean {
  return r.error === undefined && r.ms < LIMIT_MS && r.peakMb < LIMIT_MB;
}
