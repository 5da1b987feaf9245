import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ReadOptions, ReadOutcome, SeenBefore } from './read-record.js';

// Parsing a record is CPU work (JSON, the schema, sanitising HTML): a cold build of a large site
// spreads it over worker threads. Each worker reads its files itself, so only paths go out and
// only results come back.

export interface ReadJob {
  readonly file: string;
  readonly root: string;
  readonly display: string;
  readonly before?: SeenBefore;
}

/** Workers worth starting for `files` records to read; 0 means read them in this thread. */
export function workersFor(files: number, from: number = PARALLEL_FROM): number {
  const cores = Math.min(2, availableParallelism());
  return cores < 2 || files < from ? 0 : cores;
}

/**
 * Below this many files to read, starting workers costs more than it saves: a worker takes
 * about 0.6 s to load the parsers and warm up, while this thread reads a record in 0.3-0.5 ms.
 */
export const PARALLEL_FROM = 2500;

/** Files per message: enough to amortise a message, few enough to keep both workers busy. */
const BATCH = 32;

/**
 * Reads `jobs` in `size` workers, results in input order. A worker that dies takes no record
 * down with it: its batch is read again one file at a time, and a file that alone stops a worker
 * becomes that file's problem. Where no worker could start, results are left undefined for the
 * caller to read in its own thread. Each outcome is handed to `take` as it arrives, so that
 * what crossed can be dropped at once rather than held until the last batch is in.
 */
export async function readInWorkers<T>(
  jobs: readonly ReadJob[],
  opts: ReadOptions,
  size: number,
  take: (outcome: ReadOutcome, index: number) => T,
  /** The worker's module (tests give one that fails); parse-worker's by default. */
  script: URL = workerScript(),
): Promise<(T | undefined)[]> {
  const results = new Array<T | undefined>(jobs.length);
  const pending: number[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH)
    pending.push(Array.from({ length: Math.min(BATCH, jobs.length - i) }, (_, k) => i + k));
  const alone: number[] = [];
  const lane = async (): Promise<void> => {
    let worker: Worker | undefined;
    try {
      for (;;) {
        const single = pending.length === 0 ? alone.shift() : undefined;
        const batch = single === undefined ? pending.shift() : [single];
        if (batch === undefined) return;
        worker ??= await startWorker(script, opts).catch(() => undefined);
        if (worker === undefined) {
          // Workers cannot run here (or not now): leave the rest to the caller.
          if (single === undefined) pending.unshift(batch);
          else alone.unshift(single);
          return;
        }
        const out = await run(
          worker,
          batch.map((i) => jobs[i] as ReadJob),
        ).catch((err: Error) => err);
        if (out instanceof Error) {
          void worker.terminate();
          worker = undefined;
          if (single === undefined) alone.push(...batch);
          else
            results[single] = take(
              { kind: 'refused', message: `could not be processed: ${out.message}` },
              single,
            );
          continue;
        }
        for (const [k, i] of batch.entries()) results[i] = take(out[k] as ReadOutcome, i);
      }
    } finally {
      if (worker) void worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: size }, lane));
  return results;
}

function run(worker: Worker, jobs: readonly ReadJob[]): Promise<ReadOutcome[]> {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (out: ReadOutcome[]) => {
      done();
      resolve(out);
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`parsing worker exited (${code})`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(jobs);
  });
}

function tsxApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return 'tsx/esm/api'; // resolved from the working folder, the project's when it runs from source
  }
}

const FROM_SOURCE = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.script); });`;

/** A worker with its modules loaded: it says so once, before its first batch. */
function workerScript(): URL {
  return new URL(
    import.meta.url.endsWith('.ts') ? './parse-worker.ts' : './parse-worker.js',
    import.meta.url,
  );
}

function startWorker(script: URL, opts: ReadOptions): Promise<Worker> {
  const fromSource = script.pathname.endsWith('.ts');
  const data: ReadOptions = {
    baseUrl: opts.baseUrl,
    language: opts.language,
    maxBodyBytes: opts.maxBodyBytes,
    maxFileBytes: opts.maxFileBytes,
  };
  // Run from TypeScript sources (tests, benchmarks), the worker registers tsx's loader first.
  const worker = fromSource
    ? new Worker(FROM_SOURCE, {
        eval: true,
        workerData: {
          opts: data,
          script: script.href,
          tsx: tsxApi(),
        },
      })
    : new Worker(script, { workerData: { opts: data } });
  return new Promise((resolve, reject) => {
    const fail = (err: Error | number) => {
      void worker.terminate();
      reject(typeof err === 'number' ? new Error(`parsing worker exited (${err})`) : err);
    };
    worker.once('message', () => {
      worker.off('error', fail);
      worker.off('exit', fail);
      resolve(worker);
    });
    worker.once('error', fail);
    worker.once('exit', fail);
  });
}
