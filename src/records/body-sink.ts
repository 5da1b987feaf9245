import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { writeFullyAt } from '../positional-io.js';

// A parsing worker writes the long bodies it parses to a file of its own in the state folder,
// and hands back where each one lies: loading 100 000 stories, deflating them cost the workers
// some 12% of their time, and holding them deflated cost the rendering thread's heap 100 MB.
// The rendering thread reads a body back when it renders the story (body-segments.ts).

/** Where a body lies: the file (a full path), its first byte and its length in UTF-8. */
export interface BodyPlace {
  readonly segment: string;
  readonly at: number;
  readonly length: number;
}

/** Files a sink writes are named so; body-segments.ts removes those no story uses. */
export const SEGMENT_NAME = /^[\w-]+\.body$/;

export class BodySink {
  private readonly file: string;
  private parts: Buffer[] = [];
  private pending = 0;
  private written = 0;
  private failed = false;

  constructor(private readonly folder: string) {
    this.file = path.join(folder, `${process.pid}-${threadId}-${randomBytes(6).toString('hex')}.body`);
  }

  /** Takes `text` to be written at the next flush; undefined once the sink has failed. */
  add(text: string): BodyPlace | undefined {
    if (this.failed) return undefined;
    const bytes = Buffer.from(text, 'utf8');
    const at = this.written + this.pending;
    this.parts.push(bytes);
    this.pending += bytes.length;
    return { segment: this.file, at, length: bytes.length };
  }

  /**
   * Writes what was added since the last flush. False means those places are not to be used: the
   * caller keeps the bodies another way, and the sink takes no more.
   */
  flush(): boolean {
    if (this.parts.length === 0) return true;
    const bytes = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
    this.parts = [];
    this.pending = 0;
    let fd: number | undefined;
    try {
      if (this.written === 0) mkdirSync(this.folder, { recursive: true });
      // Opened per batch: a worker is stopped without notice, and a descriptor it held would stay
      // open in the process for as long as the process runs.
      fd = openSync(this.file, this.written === 0 ? 'wx' : 'r+', 0o600);
      writeFullyAt(fd, bytes, this.written);
      this.written += bytes.length;
      return true;
    } catch {
      this.failed = true;
      return false;
    } finally {
      if (fd !== undefined) closeQuietly(fd);
    }
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // The bytes are written; a descriptor that will not close holds nothing more.
  }
}
