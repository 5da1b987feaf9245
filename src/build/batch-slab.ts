/**
 * Storage for the bytes of one batch of documents, handed out in order and used again once the
 * batch is published. Each document in a Buffer of its own made external memory grow by all a
 * build publishes (3.6 GB at 100 000 stories), and V8 starts a full collection for about every
 * 64 MB of it: some 70 of them, each marking the whole loaded site, for one cold build. Slabs
 * taking turns allocate nothing per document.
 */
export class BatchSlab {
  private slab: Buffer | undefined;
  private used = 0;

  constructor(private readonly size: number) {}

  /**
   * Room for `bytes`: the slab's next stretch, or a Buffer of its own when the slab is full.
   * Valid until `reuse`.
   */
  readonly take = (bytes: number): Buffer => {
    if (bytes > this.size - this.used) return Buffer.allocUnsafe(bytes);
    // Made at first use, so a build of a few small documents never asks for a slab.
    this.slab ??= Buffer.allocUnsafeSlow(this.size);
    const room = this.slab.subarray(this.used, this.used + bytes);
    this.used += bytes;
    return room;
  };

  /** Everything taken before is no longer read by anyone: the slab starts over. */
  reuse(): void {
    this.used = 0;
  }
}
