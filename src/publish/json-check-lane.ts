import type { Worker } from 'node:worker_threads';
import { siblingModule, startModuleWorker } from '../module-worker.js';
import { checkJsonFeedItem } from './check-json-feed.js';
import type { JsonCheckAnswer, JsonCheckJob } from './json-check-worker.js';

// A large build checks some 110 000 JSON Feed items at 100 000 stories, about 2 s of parsing and
// schema work that held up the rendering thread while the other core had time to spare. Batches
// of many items go to a worker thread of their own; a few (a service adding one story) are
// checked here, where a round trip would cost more than the checks.

/** From this many items on, a batch goes to the worker. */
export const LANE_FROM = 64;

/** The problems of each item (by its id) that failed; `items` are UTF-8 JSON texts. */
export async function checkJsonItems(
  items: ReadonlyMap<string, Uint8Array>,
  lane: JsonLane = sharedLane,
): Promise<Map<string, string[]>> {
  if (items.size >= LANE_FROM) {
    const ids = [...items.keys()];
    const answer = await lane.check([...items.values()]);
    if (answer !== undefined) return new Map(answer.map(([i, found]) => [ids[i] as string, found]));
  }
  const failed = new Map<string, string[]>();
  for (const [id, bytes] of items) {
    const found = checkJsonFeedItem(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString());
    if (found.length > 0) failed.set(id, found);
  }
  return failed;
}

/** The worker, started on first use and kept; a worker that fails leaves the checks to this thread. */
export class JsonLane {
  private worker: Worker | undefined;
  private broken = false;
  private readonly waiting: ((answer: JsonCheckAnswer | undefined) => void)[] = [];

  constructor(private readonly script: URL = siblingModule(import.meta.url, 'json-check-worker')) {}

  /** The failures among `items`, by position; undefined when the worker cannot check them. */
  check(items: readonly Uint8Array[]): Promise<JsonCheckAnswer | undefined> {
    const worker = this.start();
    if (worker === undefined) return Promise.resolve(undefined);
    // One transferred block rather than the items' own views, which would each carry a copy of
    // the whole slab they lie in.
    let total = 0;
    for (const item of items) total += item.byteLength;
    const bytes = new Uint8Array(total);
    const ends = new Int32Array(items.length);
    let at = 0;
    items.forEach((item, i) => {
      bytes.set(item, at);
      at += item.byteLength;
      ends[i] = at;
    });
    const job: JsonCheckJob = { bytes, ends };
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      worker.ref();
      worker.postMessage(job, [bytes.buffer, ends.buffer]);
    });
  }

  close(): void {
    this.stop();
  }

  private start(): Worker | undefined {
    if (this.broken) return undefined;
    if (this.worker !== undefined) return this.worker;
    let worker: Worker;
    try {
      worker = startModuleWorker(this.script, {});
    } catch {
      this.broken = true;
      return undefined;
    }
    worker.on('message', (answer: JsonCheckAnswer) => {
      this.waiting.shift()?.(answer);
      // An idle worker does not keep the process alive.
      if (this.waiting.length === 0) worker.unref();
    });
    worker.on('error', () => this.stop());
    worker.on('exit', () => this.stop());
    this.worker = worker;
    return worker;
  }

  /** Answers every check still waiting with "not checked", which this thread then does itself. */
  private stop(): void {
    this.broken = true;
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) void worker.terminate();
    for (const resolve of this.waiting.splice(0)) resolve(undefined);
  }
}

const sharedLane = new JsonLane();
