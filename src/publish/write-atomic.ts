import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { encodeChunks } from './encode-chunks.js';

/** The file operations the atomic write needs: the real ones, or a test's that fail on purpose. */
export interface WriteFs {
  mkdir(dir: string, opts: { recursive: true }): Promise<unknown>;
  open(file: string, flags: string, mode?: number): Promise<WriteHandle>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, opts: { force: true }): Promise<void>;
  readdir(dir: string): Promise<string[]>;
}

export interface WriteHandle {
  writeFile(data: string | Uint8Array): Promise<void>;
  write(block: Uint8Array): Promise<unknown>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeWriteFs: WriteFs = { mkdir, open, rename, rm, readdir };

/**
 * Replaces `file` so a reader sees the old bytes or the new ones, never a mix:
 * a temporary file in the same folder (rename is atomic only within one file system),
 * fsync before rename so a power cut cannot leave an empty file under the real name,
 * then fsync of the folder so the rename itself survives.
 */
export async function writeAtomic(
  file: string,
  data: string | Uint8Array | Iterable<string>,
  fs: WriteFs = nodeWriteFs,
  opts: WriteOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  if (opts.folderExists !== true) await fs.mkdir(dir, { recursive: true });
  await sweepOnce(dir, fs);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', 0o644);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
    // A writer's chunks stream through bounded blocks, so a huge feed never becomes one string.
    else for (const block of encodeChunks(data)) await handle.write(block);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  if (opts.deferFolderSync === true) return;
  await syncFolder(dir, fs);
}

export interface WriteOptions {
  /** The caller made the folder already. */
  readonly folderExists?: boolean;
  /**
   * The caller fsyncs the folder itself (`syncFolder`) once for many files: the rename is
   * atomic either way, only its durability waits for that one fsync.
   */
  readonly deferFolderSync?: boolean;
}

// A process killed mid-write (power cut, OOM killer, SIGKILL) leaves its temporary file behind.
// Builds never overlap, so the first write into a folder by a later process removes those of
// other processes; its own, which concurrent writes of this process may still be filling, stay.
const TEMP = /^\..+\.(?:(\d+)-)?[0-9a-f]{12}\.tmp$/;
const swept = new Map<string, Promise<void>>();

function sweepOnce(dir: string, fs: WriteFs): Promise<void> {
  let done = swept.get(dir);
  if (done === undefined) {
    done = sweepTemps(dir, fs);
    swept.set(dir, done);
  }
  return done;
}

async function sweepTemps(dir: string, fs: WriteFs): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const mine = String(process.pid);
  for (const name of names) {
    const m = TEMP.exec(name);
    // A failed removal is retried by no one but harms no one: temporary names are never served.
    if (m && m[1] !== mine) await fs.rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }
}

/** Makes renames in `dir` durable. */
export async function syncFolder(dir: string, fs: WriteFs = nodeWriteFs): Promise<void> {
  let handle: WriteHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the file itself is already durable.
  } finally {
    await handle?.close();
  }
}
