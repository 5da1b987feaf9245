// xmllint runs take their bytes in shared memory, so a lane's worker reads them without a copy.
// Such memory is freed only once both threads have collected their handles on it, and a lane's
// worker, which allocates little, collects seldom: with a fresh buffer per run, a large build
// kept hundreds of megabytes of finished runs alive, and their coming and going left the
// allocator's heap fragmented. A finished run hands its buffer back for a later one instead.

/** Buffers kept at most: a run in flight per lane and the next being encoded, with room to spare. */
const KEEP = 6;
/** A buffer larger than this is let go rather than kept. */
const MAX_KEPT = 32 << 20;
/** Sizes are rounded up to this, so runs of similar size fit each other's buffers. */
const STEP = 1 << 20;

/** Kept buffers, smallest first. */
const kept: SharedArrayBuffer[] = [];

/** Shared memory for a run of `bytes` bytes; hand it back once the run is over (`giveBackAfter`). */
export function takeRoom(bytes: number): Uint8Array {
  const fit = kept.findIndex((b) => b.byteLength >= bytes);
  const buffer =
    fit >= 0
      ? (kept.splice(fit, 1)[0] as SharedArrayBuffer)
      : new SharedArrayBuffer(Math.max(1, Math.ceil(bytes / STEP)) * STEP);
  return new Uint8Array(buffer, 0, bytes);
}

/** Takes a run's memory back for later runs: only once no thread reads it any more. */
export function giveBack(room: Uint8Array): void {
  const buffer = room.buffer;
  if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength > MAX_KEPT || kept.includes(buffer)) return;
  const at = kept.findIndex((b) => b.byteLength >= buffer.byteLength);
  kept.splice(at < 0 ? kept.length : at, 0, buffer);
  // The smallest goes first: a large buffer serves any later run.
  if (kept.length > KEEP) kept.shift();
}

/**
 * Takes a run's memory back once the run is over (`out`: how it ended, undefined if it never
 * ran): a run that ended by itself no longer reads it; a stopped one may, until its worker is
 * gone, so its memory is left to the collector.
 */
export function giveBackAfter(room: Uint8Array, out: { readonly exitCode: number } | undefined): void {
  if (out !== undefined && out.exitCode >= 0) giveBack(room);
}
