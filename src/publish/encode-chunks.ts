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

/** Where runs are encoded before being copied out at their size, reused from one run to the next. */
let scratch: Buffer | undefined = Buffer.allocUnsafeSlow(1 << 20);
const NO_ROOM = Buffer.alloc(0);
/** Room kept for later runs at most: a larger run gets room of its own, then let go. */
const MAX_SCRATCH = 32 << 20;

/**
 * One run of UTF-8 built piece by piece, each piece encoded as it is added, then copied out at
 * its size: measuring each piece's UTF-8 length first would read every piece twice. Encoded at
 * once, a writer's text dies young. Held until the whole document was rendered, a large
 * document's pieces outlived the young generation, and encoding them then made a flat copy of
 * each in the old one: about 1 GB of garbage there per 25 000 stories, which the collector
 * then had to sweep and let the heap grow for. Each piece must end where a character does (no
 * lone half of a surrogate pair at either end).
 */
export class Utf8Run {
  private room: Buffer;
  private at = 0;

  constructor() {
    // Runs do not nest, but one started while another is open gets room of its own.
    this.room = scratch ?? Buffer.allocUnsafeSlow(1 << 20);
    scratch = undefined;
  }

  /** Bytes so far: where the next piece starts. */
  get length(): number {
    return this.at;
  }

  /** A piece of text, or one already in UTF-8. */
  add(piece: string | Uint8Array): void {
    if (typeof piece !== 'string') {
      if (this.room.length - this.at < piece.length) this.grow(piece.length);
      this.room.set(piece, this.at);
      this.at += piece.length;
      return;
    }
    // UTF-8 needs at most three bytes per UTF-16 unit, so this room never truncates a write.
    const worst = piece.length * 3;
    if (this.room.length - this.at < worst) this.grow(worst);
    this.at += this.room.write(piece, this.at, 'utf8');
  }

  /** The run in storage of exactly its size, made by `make`; the run is over. */
  finish<T extends Uint8Array>(make: (bytes: number) => T): T {
    const out = make(this.at);
    const room = this.room;
    room.copy(out, 0, 0, this.at);
    // Its room may serve the next run, so this one keeps none: added to again, it starts anew.
    this.room = NO_ROOM;
    this.at = 0;
    if (room.length <= MAX_SCRATCH && (scratch === undefined || scratch.length < room.length)) scratch = room;
    return out;
  }

  private grow(needed: number): void {
    const room = Buffer.allocUnsafeSlow(Math.max(2 * this.room.length, this.at + needed));
    this.room.copy(room, 0, 0, this.at);
    this.room = room;
  }
}

/** The pieces as one run of UTF-8, in storage of exactly its size made by `make`. */
export function encodeJoined<T extends Uint8Array>(
  pieces: readonly (string | Uint8Array)[],
  make: (bytes: number) => T,
): T {
  const run = new Utf8Run();
  for (const piece of pieces) run.add(piece);
  return run.finish(make);
}
