import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readFullyAt, writeFullyAt } from '../positional-io.js';

// Items a build lets go of for memory's sake (SharedItems) are written here, so that a later
// document reads the bytes back rather than rendering and checking the item again. At 100 000
// stories some 286 000 items go here, about 460 MB, and are read back 1.2 million times, each
// read a few microseconds from the page cache where rendering and checking took tens.
//
// The file is a folder's, on disk, never memory: a RAM-backed temporary folder would only move
// the memory the budget saved. It is unlinked as soon as it is open where the system allows it,
// so no crash leaves it behind; otherwise it is removed when the build is done with it.

export interface ItemSpill {
  /** Stores `bytes`, giving where they start; undefined when the spill cannot take them. */
  put(bytes: Uint8Array): number | undefined;
  /** The `length` bytes stored at `at`: a view valid until the next call, or undefined on failure. */
  get(at: number, length: number): Uint8Array | undefined;
  close(): void;
}

/** Bytes gathered before one write: a few hundred items per system call. */
const BLOCK = 1 << 20;

/** A spill in a temporary file of `dir`; undefined when the file cannot be made. */
export function openItemSpill(dir: string): ItemSpill | undefined {
  const file = path.join(dir, `.items-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    mkdirSync(dir, { recursive: true });
    fd = openSync(file, 'wx+', 0o600);
  } catch {
    return undefined;
  }
  let linked = true;
  try {
    rmSync(file);
    linked = false;
  } catch {
    // Windows keeps an open file's name; it goes at close instead.
  }
  return new FileSpill(fd, linked ? file : undefined);
}

class FileSpill implements ItemSpill {
  /** Bytes not yet written; they start at `written` in the file. */
  private pending: Buffer = Buffer.allocUnsafeSlow(BLOCK);
  private pendingLength = 0;
  private written = 0;
  private room: Buffer = Buffer.allocUnsafeSlow(1 << 16);
  private failed = false;

  constructor(
    private readonly fd: number,
    private readonly linkedFile: string | undefined,
  ) {}

  put(bytes: Uint8Array): number | undefined {
    if (this.failed) return undefined;
    try {
      if (bytes.length > this.pending.length - this.pendingLength) this.flush();
      const at = this.written + this.pendingLength;
      if (bytes.length > this.pending.length) {
        this.writeAll(bytes);
      } else {
        this.pending.set(bytes, this.pendingLength);
        this.pendingLength += bytes.length;
      }
      return at;
    } catch {
      // A full disk costs the build some renderings, never an output.
      this.fail();
      return undefined;
    }
  }

  get(at: number, length: number): Uint8Array | undefined {
    if (this.failed) return undefined;
    if (at >= this.written) {
      const start = at - this.written;
      return this.pending.subarray(start, start + length);
    }
    if (this.room.length < length) this.room = Buffer.allocUnsafeSlow(length);
    try {
      return readFullyAt(this.fd, this.room, length, at) ? this.room.subarray(0, length) : undefined;
    } catch {
      this.fail();
      return undefined;
    }
  }

  close(): void {
    this.fail();
  }

  private flush(): void {
    this.writeAll(this.pending.subarray(0, this.pendingLength));
    this.pendingLength = 0;
  }

  /** Appends `bytes` to the file, after everything pending. */
  private writeAll(bytes: Uint8Array): void {
    writeFullyAt(this.fd, bytes, this.written);
    this.written += bytes.length;
  }

  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    this.pending = Buffer.alloc(0);
    try {
      closeSync(this.fd);
    } catch {
      // A descriptor that cannot be closed holds nothing the build still needs.
    }
    if (this.linkedFile === undefined) return;
    try {
      rmSync(this.linkedFile, { force: true });
    } catch {
      // A build never fails for its scratch space; the file is named as temporary.
    }
  }
}
