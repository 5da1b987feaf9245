import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { siblingModule, startModuleWorker } from '../module-worker.js';
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
  const nextJob = (): Job | undefined => {
    const single = pending.length === 0 ? alone.shift() : undefined;
    const batch = single === undefined ? pending.shift() : [single];
    return batch === undefined ? undefined : { batch, single };
  };
  const putBack = (job: Job) => {
    if (job.single === undefined) pending.unshift(job.batch);
    else alone.unshift(job.single);
  };
  const lane = async (): Promise<void> => {
    let channel: Channel | undefined;
    // The next batch goes to the worker before this thread takes the last one's results, so
    // the worker never waits on this thread: it did for some 6% of its time, one at a time.
    const sent: Sent[] = [];
    try {
      for (;;) {
        while (sent.length < AHEAD) {
          const job = nextJob();
          if (job === undefined) break;
          channel ??= await startWorker(script, opts).then(
            (w) => new Channel(w),
            () => undefined,
          );
          if (channel === undefined) {
            // Workers cannot run here (or not now): leave the rest to the caller.
            putBack(job);
            break;
          }
          const out = channel.send(job.batch.map((i) => jobs[i] as ReadJob)).catch((err: Error) => err);
          sent.push({ ...job, out });
        }
        const head = sent.shift();
        if (head === undefined) return;
        const out = await head.out;
        if (out instanceof Error) {
          channel?.terminate();
          channel = undefined;
          // The worker stopped on this batch: its files are read again one at a time, and a file
          // that alone stops a worker is that file's problem. Batches behind it were not read.
          if (head.single === undefined) alone.push(...head.batch);
          else
            results[head.single] = take(
              { kind: 'refused', message: `could not be processed: ${out.message}` },
              head.single,
            );
          for (const behind of sent.splice(0).reverse()) putBack(behind);
          continue;
        }
        for (const [k, i] of head.batch.entries()) results[i] = take(out[k] as ReadOutcome, i);
      }
    } finally {
      channel?.terminate();
    }
  };
  await Promise.all(Array.from({ length: size }, lane));
  return results;
}

/** Batches a worker holds at once: the one it reads and the one it reads next. */
const AHEAD = 2;

/** A batch of job indexes, or one alone when it is read again. */
interface Job {
  readonly batch: number[];
  readonly single: number | undefined;
}

/** A batch sent to a worker, and its answer. */
interface Sent extends Job {
  readonly out: Promise<ReadOutcome[] | Error>;
}

/** A worker's answers, matched to batches in the order they were sent (it reads them in turn). */
class Channel {
  private readonly waiting: { resolve: (out: ReadOutcome[]) => void; reject: (err: Error) => void }[] = [];
  private stopped: Error | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (out: ReadOutcome[]) => this.waiting.shift()?.resolve(out));
    worker.on('error', (err: Error) => this.stop(err));
    worker.on('exit', (code: number) => this.stop(new Error(`parsing worker exited (${code})`)));
  }

  send(jobs: readonly ReadJob[]): Promise<ReadOutcome[]> {
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(jobs);
    });
  }

  terminate(): void {
    void this.worker.terminate();
  }

  private stop(err: Error): void {
    this.stopped ??= err;
    for (const w of this.waiting.splice(0)) w.reject(this.stopped);
  }
}

/** A worker with its modules loaded: it says so once, before its first batch. */
function workerScript(): URL {
  return siblingModule(import.meta.url, 'parse-worker');
}

function startWorker(script: URL, opts: ReadOptions): Promise<Worker> {
  const data: ReadOptions = {
    baseUrl: opts.baseUrl,
    language: opts.language,
    maxBodyBytes: opts.maxBodyBytes,
    maxFileBytes: opts.maxFileBytes,
    ...(opts.bodyFolder === undefined ? {} : { bodyFolder: opts.bodyFolder }),
  };
  const worker = startModuleWorker(script, { opts: data });
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
