/**
 * UTF-8 encodes a writer's chunks into large blocks: one allocation per block instead of one
 * per item (items of a few KB are too big for Node's small-buffer pool), and memory bounded by
 * the block, not the document. Each yielded Buffer is fresh, so a stream may hold on to it.
 */
export function* encodeChunks(chunks: Iterable<string>, blockBytes = 1 << 20): Generator<Buffer> {
  let block = Buffer.allocUnsafe(blockBytes);
  let used = 0;
  for (const chunk of chunks) {
    // UTF-8 needs at most 3 bytes per UTF-16 unit, so this bound never truncates a write.
    const worst = chunk.length * 3;
    if (worst > block.length - used) {
      if (used > 0) {
        yield block.subarray(0, used);
        block = Buffer.allocUnsafe(blockBytes);
        used = 0;
      }
      if (worst > blockBytes) {
        yield Buffer.from(chunk, 'utf8');
        continue;
      }
    }
    used += block.write(chunk, used, 'utf8');
  }
  if (used > 0) yield block.subarray(0, used);
}

/** Where pieces are encoded before being copied out at their size, reused from one call to the next. */
let scratch = Buffer.allocUnsafeSlow(1 << 20);
/** Room kept for later calls at most: a larger run gets room of its own, then let go. */
const MAX_SCRATCH = 32 << 20;

/**
 * The pieces as one run of UTF-8, in storage of exactly its size made by `make`: joining them
 * first would make a string as large as the run, only to be thrown away. They are written into
 * room for the worst case (three bytes per UTF-16 unit) and copied out, since measuring each
 * piece's UTF-8 length first would read every piece twice. Each piece must end where a
 * character does (no lone half of a surrogate pair at either end).
 */
export function encodeJoined<T extends Uint8Array>(pieces: readonly string[], make: (bytes: number) => T): T {
  let units = 0;
  for (const piece of pieces) units += piece.length;
  let room = scratch;
  if (room.length < units * 3) {
    room = Buffer.allocUnsafeSlow(units * 3);
    if (room.length <= MAX_SCRATCH) scratch = room;
  }
  let at = 0;
  for (const piece of pieces) at += room.write(piece, at, 'utf8');
  const out = make(at);
  room.copy(out, 0, 0, at);
  return out;
}
