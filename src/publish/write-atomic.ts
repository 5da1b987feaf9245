import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { encodeChunks } from './encode-chunks.js';

/**
 * Replaces `file` so a reader sees the old bytes or the new ones, never a mix:
 * a temporary file in the same folder (rename is atomic only within one file system),
 * fsync before rename so a power cut cannot leave an empty file under the real name,
 * then fsync of the folder so the rename itself survives.
 */
export async function writeAtomic(
  file: string,
  data: string | Uint8Array | Iterable<string>,
  opts: WriteOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  if (opts.folderExists !== true) await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o644);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
    // A writer's chunks stream through bounded blocks, so a huge feed never becomes one string.
    else for (const block of encodeChunks(data)) await handle.write(block);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  if (opts.deferFolderSync === true) return;
  await syncFolder(dir);
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

/** Makes renames in `dir` durable. */
export async function syncFolder(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the file itself is already durable.
  } finally {
    await handle?.close();
  }
}
