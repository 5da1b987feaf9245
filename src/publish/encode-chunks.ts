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
