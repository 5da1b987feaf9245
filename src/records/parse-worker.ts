import { parentPort, workerData } from 'node:worker_threads';
import { BodySink } from './body-sink.js';
import type { ReadJob } from './parse-pool.js';
import { type ReadOptions, readRecord } from './read-record.js';

// A parsing worker (parse-pool.ts): reads and parses each batch of record files it is sent.

const opts = (workerData as { opts: ReadOptions }).opts;
const sink = opts.bodyFolder === undefined ? undefined : new BodySink(opts.bodyFolder);
parentPort?.on('message', (jobs: readonly ReadJob[]) => {
  const read = (s?: BodySink) => jobs.map((j) => readRecord(j.file, j.root, j.display, opts, j.before, s));
  let out = read(sink);
  // Bodies the sink could not write (a full disk) are kept in memory instead: the batch is read
  // again without it, as is every batch after.
  if (sink !== undefined && !sink.flush()) out = read();
  parentPort?.postMessage(out);
});
parentPort?.postMessage('ready');
