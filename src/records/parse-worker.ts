import { parentPort, workerData } from 'node:worker_threads';
import type { ReadJob } from './parse-pool.js';
import { type ReadOptions, readRecord } from './read-record.js';

// A parsing worker (parse-pool.ts): reads and parses each batch of record files it is sent.

const opts = (workerData as { opts: ReadOptions }).opts;
parentPort?.on('message', (jobs: readonly ReadJob[]) => {
  parentPort?.postMessage(jobs.map((j) => readRecord(j.file, j.root, j.display, opts, j.before)));
});
parentPort?.postMessage('ready');
