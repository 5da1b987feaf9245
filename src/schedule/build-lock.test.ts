import { spawn } from 'node:child_process';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir.js';
import { acquireBuildLock, type HeldLock } from './build-lock.js';

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** A pid that existed and is gone: a child that already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** A pid that is alive for the test: a child sleeping until killed. */
function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
  children.push(child);
  return child.pid!;
}

async function writeLock(dir: string, pid: number, ageMs = 0): Promise<string> {
  const file = path.join(dir, 'build.lock');
  const startedAt = new Date(Date.now() - ageMs);
  await writeFile(file, JSON.stringify({ pid, hostname: hostname(), startedAt, token: 'theirs' }));
  await utimes(file, startedAt, startedAt);
  return file;
}

describe('acquireBuildLock', () => {
  it('creates the lock with pid, host and start time, and refuses a second holder', async () => {
    const dir = await tempDir();
    const first = await acquireBuildLock({ dir, staleMs: 60_000 });
    expect(first.acquired).toBe(true);
    const content = JSON.parse(await readFile(path.join(dir, 'build.lock'), 'utf8'));
    expect(content).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(Date.parse(content.startedAt)).toBeGreaterThan(Date.now() - 5_000);

    const second = await acquireBuildLock({ dir, staleMs: 60_000 });
    expect(second).toMatchObject({ acquired: false, holder: { pid: process.pid } });
    if (first.acquired) expect(await first.lock.release()).toBe('released');
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = await tempDir();
    await writeLock(dir, await deadPid());
    const attempt = await acquireBuildLock({ dir, staleMs: 60_000 });
    expect(attempt).toMatchObject({ acquired: true, tookOver: expect.stringMatching(/is not running/) });
  });

  it('respects a fresh lock of a live process, and takes it over once past the max age', async () => {
    const dir = await tempDir();
    const pid = livePid();
    await writeLock(dir, pid);
    expect(await acquireBuildLock({ dir, staleMs: 60_000 })).toMatchObject({
      acquired: false,
      holder: { pid },
    });
    await writeLock(dir, pid, 120_000);
    const attempt = await acquireBuildLock({ dir, staleMs: 60_000 });
    expect(attempt).toMatchObject({ acquired: true, tookOver: expect.stringMatching(/not refreshed/) });
  });

  it('lets exactly one of many concurrent takers win a stale lock', async () => {
    const dir = await tempDir();
    await writeLock(dir, await deadPid());
    const attempts = await Promise.all(
      Array.from({ length: 12 }, () => acquireBuildLock({ dir, staleMs: 60_000 })),
    );
    expect(attempts.filter((a) => a.acquired)).toHaveLength(1);
  });

  it('keeps a long build fresh with its heartbeat', async () => {
    const dir = await tempDir();
    const held = await acquireBuildLock({ dir, staleMs: 300, heartbeatMs: 50 });
    await new Promise((r) => setTimeout(r, 600));
    expect((await acquireBuildLock({ dir, staleMs: 300 })).acquired).toBe(false);
    if (held.acquired) await held.lock.release();
  });

  it('on release, leaves alone a lock that another process took over meanwhile', async () => {
    const dir = await tempDir();
    const held = await acquireBuildLock({ dir, staleMs: 60_000 });
    const lock = (held as { lock: HeldLock }).lock;
    await writeLock(dir, livePid()); // as if a taker replaced ours
    expect(await lock.release()).toBe('lost');
    expect(await lock.release()).toBe('lost'); // idempotent
    expect(JSON.parse(await readFile(lock.file, 'utf8')).token).toBe('theirs');
  });

  it('judges an unreadable lock by its age', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'build.lock');
    await writeFile(file, '');
    expect((await acquireBuildLock({ dir, staleMs: 60_000 })).acquired).toBe(false);
    const old = new Date(Date.now() - 30_000);
    await utimes(file, old, old);
    expect(await acquireBuildLock({ dir, staleMs: 60_000 })).toMatchObject({
      acquired: true,
      tookOver: 'unreadable',
    });
  });
});
