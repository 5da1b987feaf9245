import { constants } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { mediaTypeOf } from '../publish/media-types.js';
import { SyndicateError } from '../syndicate-error.js';
import type { Coding } from './accept-encoding.js';
import { makeRepresentation, type Representation, type Variant, variantFor } from './representation.js';

// The published files held in memory, each checked against the disk at most once per
// `revalidateMs`. Publishing replaces a file by rename, so a new version is a new inode: one
// open file descriptor always reads one whole version, and its fstat identifies that version.
//
// Why a short check period and no fs.watch: a check is three cheap calls (realpath, open+fstat,
// close) a few times a second per hot file, which costs nothing measurable, works the same on
// every file system (watch misses events on network and container mounts, and recursive watch
// on Linux in Node 20 holds a watcher per folder: newsml/ alone can hold thousands of files),
// and bounds staleness by construction. A publisher in the same process calls invalidate()
// for zero delay; one in another process (`syndicate build`) is seen within `revalidateMs`.

export interface FileCacheOptions {
  /** The published folder, already resolved by realpath. */
  readonly root: string;
  readonly cacheControl: string;
  readonly revalidateMs: number;
  /** Memory budget for bodies and their compressed copies; least recently checked go first. */
  readonly maxBytes: number;
  readonly now?: () => number;
}

interface Slot {
  readonly rep: Representation;
  readonly version: string;
  checkedAt: number;
}

const GONE = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'EISDIR', 'ENAMETOOLONG']);
// O_NOFOLLOW: if the name became a symlink after realpath, refuse rather than follow it out.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
const MAX_READS = 3;

export class FileCache {
  private readonly slots = new Map<string, Slot>();
  private readonly loading = new Map<string, Promise<Representation | undefined>>();
  private readonly prefix: string;
  private readonly now: () => number;
  private totalBytes = 0;
  private generation = 0;

  constructor(private readonly opts: FileCacheOptions) {
    this.prefix = opts.root.endsWith(path.sep) ? opts.root : opts.root + path.sep;
    this.now = opts.now ?? Date.now;
  }

  /** The held version if it was checked recently enough: no I/O at all. */
  fresh(rel: string): Representation | undefined {
    const slot = this.slots.get(rel);
    return slot && this.now() - slot.checkedAt < this.opts.revalidateMs ? slot.rep : undefined;
  }

  /** Checks the disk (one realpath, open, fstat) and reads the file only if its version changed. */
  get(rel: string): Promise<Representation | undefined> {
    let pending = this.loading.get(rel);
    if (!pending) {
      pending = this.load(rel).finally(() => {
        if (this.loading.get(rel) === pending) this.loading.delete(rel);
      });
      this.loading.set(rel, pending);
    }
    return pending;
  }

  /** Forgets every check, so the next request of each path looks at the disk (after a publish). */
  invalidate(): void {
    this.generation++;
    this.loading.clear();
    for (const slot of this.slots.values()) slot.checkedAt = Number.NEGATIVE_INFINITY;
  }

  /** A coding's variant; only held files are compressed, so an oversized one never is per request. */
  variant(rel: string, rep: Representation, coding: Coding): Variant | Promise<Variant> {
    if (coding === 'identity') return rep.identity;
    const known = rep.codings.get(coding);
    if (known) return known;
    if (this.slots.get(rel)?.rep !== rep) return rep.identity;
    return variantFor(rep, coding, (grown, bytes) => {
      if (this.slots.get(rel)?.rep !== grown) return; // evicted meanwhile: no longer counted
      this.totalBytes += bytes;
      this.evict();
    });
  }

  private async load(rel: string): Promise<Representation | undefined> {
    const generation = this.generation;
    const checkedAt = this.now();
    const handle = await this.openInside(rel);
    if (!handle) return this.forget(rel);
    try {
      for (let attempt = 0; attempt < MAX_READS; attempt++) {
        const before = await handle.stat({ bigint: true });
        if (!before.isFile()) return this.forget(rel);
        const version = `${before.dev}:${before.ino}:${before.size}:${before.mtimeNs}:${before.ctimeNs}`;
        // A check that began before invalidate() may predate the publish: keep it stale.
        const at = generation === this.generation ? checkedAt : Number.NEGATIVE_INFINITY;
        const slot = this.slots.get(rel);
        if (slot?.version === version) {
          slot.checkedAt = at;
          this.slots.delete(rel); // re-insert: Map order is the eviction order
          this.slots.set(rel, slot);
          return slot.rep;
        }
        const body = await handle.readFile();
        const after = await handle.stat({ bigint: true });
        // Same inode, size and times before and after: nobody wrote in place during the read.
        if (body.length !== Number(before.size) || after.mtimeNs !== before.mtimeNs) continue;
        const rep = makeRepresentation(body, {
          type: mediaTypeOf(rel),
          cacheControl: this.opts.cacheControl,
          mtimeMs: Number(before.mtimeMs),
        });
        this.store(rel, { rep, version, checkedAt: at });
        return rep;
      }
      throw new SyndicateError('IO', `${rel}: changed while being read ${MAX_READS} times`);
    } finally {
      await handle.close();
    }
  }

  /** Opens `rel` only if its real path, symlinks resolved, is inside the folder and not hidden. */
  private async openInside(rel: string): Promise<FileHandle | undefined> {
    try {
      const real = await realpath(path.join(this.opts.root, rel));
      if (!real.startsWith(this.prefix)) return undefined;
      const inside = real.slice(this.prefix.length);
      if (inside.startsWith('.') || inside.includes(`${path.sep}.`)) return undefined;
      return await open(real, OPEN_FLAGS);
    } catch (err) {
      if (GONE.has((err as NodeJS.ErrnoException).code ?? '')) return undefined;
      throw new SyndicateError('IO', `${rel}: cannot open`, err);
    }
  }

  private forget(rel: string): undefined {
    const slot = this.slots.get(rel);
    if (slot) {
      this.slots.delete(rel);
      this.totalBytes -= slot.rep.sizeBytes;
    }
    return undefined;
  }

  private store(rel: string, slot: Slot): void {
    this.forget(rel);
    // A file over a quarter of the budget is served from this read and not kept.
    if (slot.rep.sizeBytes > this.opts.maxBytes / 4) return;
    this.slots.set(rel, slot);
    this.totalBytes += slot.rep.sizeBytes;
    this.evict();
  }

  private evict(): void {
    for (const [rel, slot] of this.slots) {
      if (this.totalBytes <= this.opts.maxBytes) break;
      this.slots.delete(rel);
      this.totalBytes -= slot.rep.sizeBytes;
    }
  }
}
