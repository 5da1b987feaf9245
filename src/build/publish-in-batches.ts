import { type ManifestEntry, manifestEntry, sha256Of } from '../publish/manifest.js';
import { type Output, type PublishReport, publishOutputs } from '../publish/publish-outputs.js';
import { BatchSlab } from './batch-slab.js';
import { openItemSpill } from './item-spill.js';
import { type PlannedOutput, renderPlanned } from './plan-outputs.js';
import { renderOrder } from './render-order.js';
import { SharedItems, type SharedItemsStats } from './shared-items.js';

/**
 * Rendered bytes (or characters) per batch. A site with thousands of feeds renders gigabytes
 * cold; rendering, checking and writing them a batch at a time keeps memory flat (and keeps
 * each libxml2 check within its WebAssembly memory).
 */
const BATCH_SIZE = 6_000_000;
/** A batch's slab: its documents' bytes, with room for the one that tips it over BATCH_SIZE. */
const SLAB_SIZE = 8_000_000;
/**
 * Batches being checked and written while the next is rendered. Checking a batch and then
 * writing it took longer than rendering the next one; with two in flight, one batch's writes
 * overlap the next one's checks (libxml2's, in its workers).
 */
const IN_FLIGHT = 2;
/** Milliseconds of rendering between turns of the event loop. */
const SLICE_MS = 10;

export interface BatchOptions {
  /** Rendered bytes per batch (tests make it small, to have many batches). */
  readonly batchBytes?: number;
  readonly slabBytes?: number;
  /** A folder on disk for items let go for memory's sake (item-spill.ts); none, none spilled. */
  readonly spillDir?: string;
  /** Bytes of items held in memory (tests make it small, to spill). */
  readonly itemBytes?: number;
}

export interface BatchedPublish {
  readonly report: PublishReport;
  /** A manifest entry for every output published or found unchanged (not for refused ones). */
  readonly entries: Map<string, ManifestEntry>;
  readonly rendered: number;
  /** How often a feed item came from an earlier document of this build. */
  readonly items: SharedItemsStats;
}

export async function publishInBatches(
  outDir: string,
  stale: readonly PlannedOutput[],
  opts: BatchOptions = {},
): Promise<BatchedPublish> {
  const order = renderOrder(stale);
  const spill = opts.spillDir === undefined ? undefined : openItemSpill(opts.spillDir);
  const documents = order.flatMap((p) => (p.items === undefined ? [] : [p.items]));
  try {
    return await publishInOrder(
      outDir,
      stale,
      order,
      new SharedItems(documents, opts.itemBytes, spill),
      opts,
    );
  } finally {
    spill?.close();
  }
}

async function publishInOrder(
  outDir: string,
  stale: readonly PlannedOutput[],
  order: readonly PlannedOutput[],
  shared: SharedItems,
  opts: BatchOptions,
): Promise<BatchedPublish> {
  const batchBytes = opts.batchBytes ?? BATCH_SIZE;
  const report: PublishReport = { written: [], unchanged: [], failed: [] };
  const entries = new Map<string, ManifestEntry>();
  const keys = new Map(stale.map((p) => [p.path, p.key]));
  const settle = async (done: readonly Output[]) => {
    // Hashed elsewhere while they are checked and written; the slab is reused only after both.
    const hashes = Promise.all(done.map(sha256Of));
    const r = await publishOutputs(outDir, done);
    const sums = await hashes;
    report.written.push(...r.written);
    report.unchanged.push(...r.unchanged);
    report.failed.push(...r.failed);
    // A refused file keeps its old entry: the old bytes are still what is served.
    const refused = new Set(r.failed.map((f) => f.path));
    done.forEach((o, i) => {
      if (!refused.has(o.path)) entries.set(o.path, manifestEntry(o, keys.get(o.path) ?? '', sums[i]));
    });
  };
  // Batches are checked (in workers) and written while the next is rendered, each in its own
  // slab; a slab is used again once the batch in it has been published.
  const inFlight: Promise<void>[] = [];
  let batch: Output[] = [];
  let size = 0;
  const slabs = Array.from({ length: IN_FLIGHT + 1 }, () => new BatchSlab(opts.slabBytes ?? SLAB_SIZE));
  /** The slab the batch being rendered goes into. */
  let filling = 0;
  const flush = async () => {
    // The oldest batch in flight must be out before another goes: its slab is the next one.
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    const done = batch;
    batch = [];
    size = 0;
    inFlight.push(done.length > 0 ? settle(done) : Promise.resolve());
    // Slabs are used in turn: the next one held the batch that has just been published.
    filling = (filling + 1) % slabs.length;
    (slabs[filling] as BatchSlab).reuse();
  };
  let sliceStart = performance.now();
  for (const p of order) {
    // Rendering gives way now and then: the batch in flight is compared, checked and written
    // by callbacks on this thread, which would otherwise wait for the whole next batch.
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    const output = renderPlanned(p, shared, (slabs[filling] as BatchSlab).take);
    batch.push(output);
    size += 'bytes' in output ? output.bytes.length : output.text.length;
    if (size >= batchBytes) await flush();
  }
  await flush();
  await Promise.all(inFlight);
  // Reported in the planned order, whatever order rendering took.
  const place = new Map(stale.map((p, i) => [p.path, i]));
  const byPlace = (a: string, b: string) => (place.get(a) ?? 0) - (place.get(b) ?? 0);
  report.written.sort(byPlace);
  report.unchanged.sort(byPlace);
  report.failed.sort((a, b) => byPlace(a.path, b.path));
  return { report, entries, rendered: stale.length, items: shared.stats() };
}
