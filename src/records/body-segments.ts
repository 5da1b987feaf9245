import { closeSync, fstatSync, fsync, openSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { readFullyAt } from '../positional-io.js';
import { SEGMENT_NAME } from './body-sink.js';

// The files of story bodies the parsing workers wrote (body-sink.ts), as the rendering thread
// reads them. Each file is opened once and kept open while a story uses it: a descriptor keeps
// the bytes readable even if another process sharing the state folder removes the file.

const fsyncAsync = promisify(fsync);

export class BodySegment {
  /** The file's length when last looked at: a worker may still have been adding to it. */
  private size: number;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly fd: number,
    /** Known to be on disk, not only in the page cache: a saved cache may point into it. */
    public durable: boolean,
  ) {
    this.size = fstatSync(fd).size;
  }

  /** Whether the file holds `length` bytes from `at`. */
  holds(at: number, length: number): boolean {
    if (!Number.isSafeInteger(at) || !Number.isSafeInteger(length) || at < 0 || length < 0) return false;
    if (at + length > this.size) this.size = fstatSync(this.fd).size;
    return at + length <= this.size;
  }

  read(at: number, length: number): Buffer {
    if (this.closed) throw new Error(`story body file ${this.path} was let go while still in use`);
    const bytes = Buffer.allocUnsafe(length);
    if (!readFullyAt(this.fd, bytes, length, at))
      throw new Error(`story body file ${this.path} ends before byte ${at + length}`);
    return bytes;
  }

  async sync(): Promise<void> {
    if (this.durable || this.closed) return;
    await fsyncAsync(this.fd);
    this.durable = true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } catch {
      // Nothing more is read from it either way.
    }
  }
}

/** A story's body: where it lies in which file. */
export interface BodyRef {
  readonly segment: BodySegment;
  readonly at: number;
  readonly length: number;
}

const open = new Map<string, BodySegment>();

/** The body file at `file` (a full path), opened on first use; throws when it cannot be opened. */
export function segmentAt(file: string, durable: boolean): BodySegment {
  let segment = open.get(file);
  if (segment === undefined) {
    segment = new BodySegment(file, openSync(file, 'r'), durable);
    open.set(file, segment);
  }
  return segment;
}

/**
 * Whether no build may still be writing the body file `name`: one of this process (whose loads
 * are over when the cache is saved), of a process that is gone, or untouched for an hour (the
 * process number may have been reused). Another live process sharing the folder may be.
 */
async function abandoned(file: string, name: string): Promise<boolean> {
  const pid = Number(name.slice(0, name.indexOf('-')));
  if (pid === process.pid || !alive(pid)) return true;
  const info = await stat(file).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > ABANDONED_MS;
}

const ABANDONED_MS = 60 * 60 * 1000;

function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the body files in `folder` that no story of `used` lies in, and lets go of them. Called
 * once the record cache that points into `used` is saved, so no saved cache points elsewhere.
 */
export async function sweepSegments(folder: string, used: ReadonlySet<BodySegment>): Promise<void> {
  const keep = new Set<string>();
  for (const segment of used) keep.add(segment.path);
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(folder, name);
    if (!SEGMENT_NAME.test(name) || keep.has(file)) continue;
    if (open.has(file) || (await abandoned(file, name)))
      await rm(file, { force: true }).catch(() => undefined);
  }
  for (const [file, segment] of open) {
    if (path.dirname(file) !== folder || keep.has(file)) continue;
    segment.close();
    open.delete(file);
  }
}
