import { randomBytes } from 'node:crypto';
import { type FileHandle, link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

// One build at a time across every process that shares an output folder: a lock file in the
// private state folder. A holder that crashed or hung cannot keep it forever: its pid is gone
// (checked on this host only; pids mean nothing elsewhere) or its heartbeat stopped refreshing
// the file's mtime for longer than `staleMs`.

export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  /** Random per acquisition: tells this holding apart from a later one by the same pid. */
  readonly token: string;
}

export interface BuildLockOptions {
  /** The state folder (never the published one). */
  readonly dir: string;
  readonly fileName?: string;
  /** A lock whose mtime is older than this is stale, whoever holds it. */
  readonly staleMs: number;
  /** How often a holder refreshes the mtime; a quarter of `staleMs` by default. */
  readonly heartbeatMs?: number;
}

export interface HeldLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** 'lost' when another process took the lock over meanwhile (this holder looked hung). */
  release(): Promise<'released' | 'lost'>;
}

export type LockAttempt =
  | { readonly acquired: true; readonly lock: HeldLock; readonly tookOver?: string }
  | { readonly acquired: false; readonly holder?: LockOwner };

interface Seen {
  readonly owner?: LockOwner;
  readonly mtimeMs: number;
  /** The token, or the inode of a file whose content is unreadable. */
  readonly fingerprint: string;
}

/** A lock file being written is empty for microseconds; an empty one older than this was abandoned. */
const UNREADABLE_GRACE_MS = 5_000;
/** A taker that crashed mid-takeover leaves its guard behind; the guard is held for milliseconds. */
const GUARD_STALE_MS = 10_000;

export async function acquireBuildLock(opts: BuildLockOptions): Promise<LockAttempt> {
  const file = path.join(opts.dir, opts.fileName ?? 'build.lock');
  await mkdir(opts.dir, { recursive: true });
  let tookOver: string | undefined;
  // Two rounds: the second follows a takeover or a lock that vanished between create and read.
  for (let round = 0; round < 2; round++) {
    const lock = await tryCreate(file, opts);
    if (lock) return { acquired: true, lock, ...(tookOver === undefined ? {} : { tookOver }) };
    const seen = await inspect(file);
    if (seen === undefined) continue;
    const why = staleReason(seen, opts.staleMs);
    if (why === undefined || !(await takeOver(file, seen, opts.staleMs)))
      return { acquired: false, ...(seen.owner ? { holder: seen.owner } : {}) };
    tookOver = why;
  }
  return { acquired: false };
}

async function tryCreate(file: string, opts: BuildLockOptions): Promise<HeldLock | undefined> {
  let handle: FileHandle;
  try {
    // O_CREAT|O_EXCL: of all processes creating at once, exactly one succeeds.
    handle = await open(file, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw err;
  }
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
  } catch (err) {
    await handle.close();
    await rm(file, { force: true });
    throw err;
  }
  return holdLock(file, handle, owner, opts.heartbeatMs ?? Math.max(10, Math.floor(opts.staleMs / 4)));
}

function holdLock(file: string, handle: FileHandle, owner: LockOwner, heartbeatMs: number): HeldLock {
  // Refresh through the open handle: if the file was taken over and replaced, we touch only
  // our own (renamed-away) inode, never the new holder's.
  const beat = setInterval(() => {
    const now = new Date();
    handle.utimes(now, now).catch(() => {
      // a failed refresh only brings staleness closer; the next beat tries again
    });
  }, heartbeatMs);
  beat.unref();
  let released: Promise<'released' | 'lost'> | undefined;
  const release = async (): Promise<'released' | 'lost'> => {
    clearInterval(beat);
    await handle.close().catch(() => {
      // already closed or the disk is gone; the file itself is what matters below
    });
    const seen = await inspect(file);
    if (seen?.owner?.token !== owner.token) return 'lost';
    await rm(file, { force: true });
    return 'released';
  };
  return {
    file,
    owner,
    // Idempotent: stop() may release while an abandoned build's own finally releases later.
    release: () => {
      released ??= release();
      return released;
    },
  };
}

async function inspect(file: string): Promise<Seen | undefined> {
  try {
    const [info, text] = await Promise.all([stat(file), readFile(file, 'utf8')]);
    const owner = parseOwner(text);
    return {
      mtimeMs: info.mtimeMs,
      fingerprint: owner?.token ?? `inode:${info.ino}`,
      ...(owner ? { owner } : {}),
    };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.hostname === 'string' && typeof o.token === 'string')
      return { pid: o.pid, hostname: o.hostname, startedAt: String(o.startedAt), token: o.token };
  } catch {
    // empty or torn: judged by age below
  }
  return undefined;
}

function staleReason(seen: Seen, staleMs: number): string | undefined {
  const ageMs = Date.now() - seen.mtimeMs;
  if (ageMs > staleMs) return `not refreshed for ${Math.round(ageMs)} ms`;
  if (!seen.owner) return ageMs > UNREADABLE_GRACE_MS ? 'unreadable' : undefined;
  if (seen.owner.hostname === hostname() && !isAlive(seen.owner.pid))
    return `process ${seen.owner.pid} is not running`;
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 checks existence only
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

/**
 * Removes a stale lock so that no two takers both win and no fresh lock is removed. A guard
 * file serialises takers; under it the lock is checked again, then moved aside (not unlinked)
 * so the bytes removed can be checked to be the stale ones, and put back if they are not.
 */
async function takeOver(file: string, seen: Seen, staleMs: number): Promise<boolean> {
  const guard = `${file}.takeover`;
  try {
    await (await open(guard, 'wx')).close();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const info = await stat(guard).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > GUARD_STALE_MS) await rm(guard, { force: true });
    return false;
  }
  try {
    const again = await inspect(file);
    if (again === undefined) return true;
    if (again.fingerprint !== seen.fingerprint || staleReason(again, staleMs) === undefined) return false;
    const aside = `${file}.${randomBytes(6).toString('hex')}.stale`;
    try {
      await rename(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw err;
    }
    const moved = await inspect(aside);
    if (moved !== undefined && moved.fingerprint !== seen.fingerprint) {
      // Its holder released and a new one locked between our check and the rename: give it back.
      // link() never overwrites: should yet another lock have appeared in those microseconds,
      // that one stays and the put-back is given up.
      await link(aside, file).catch(() => undefined);
      await rm(aside, { force: true });
      return false;
    }
    await rm(aside, { force: true });
    return true;
  } finally {
    await rm(guard, { force: true });
  }
}
