import { parentPort } from 'node:worker_threads';
import { checkJsonFeedItem } from './check-json-feed.js';

// The JSON Feed item checker's worker (json-check-lane.ts): each message is many items' UTF-8
// end to end and where each ends; the answer lists the items that failed, by number.

export interface JsonCheckJob {
  readonly bytes: Uint8Array;
  readonly ends: Int32Array;
}

/** Item number and its problems, for failed items only. */
export type JsonCheckAnswer = [number, string[]][];

parentPort?.on('message', ({ bytes, ends }: JsonCheckJob) => {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const failed: JsonCheckAnswer = [];
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i] as number;
    const found = checkJsonFeedItem(text.toString('utf8', start, end));
    if (found.length > 0) failed.push([i, found]);
    start = end;
  }
  parentPort?.postMessage(failed);
});
