import { type FSWatcher, realpathSync, watch } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../test/temp-dir.js';
import { type ContentWatcher, type ContentWatcherOptions, watchContent } from './content-watcher.js';
import { createLogger } from './logger.js';

// Real folders and real inotify watches. Every case here is one that fs.watch(dir,
// { recursive: true }) gets wrong on Linux in Node 20 and 24, or one an editor or a
// deployment does to a content folder.

type LogLine = Record<string, unknown> & { level: number; msg: string; event?: string };

const open: ContentWatcher[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function watched(files: Record<string, string>, opts: Partial<ContentWatcherOptions> = {}) {
  const dir = await tempDir('syndicate-watch-');
  await writeTree(dir, files);
  const lines: LogLine[] = [];
  const logger = createLogger({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  let changes = 0;
  const watcher = watchContent({
    dir,
    logger,
    onChange: () => changes++,
    debounceMs: 50,
    maxWaitMs: 200,
    pollMs: 50,
    ...opts,
  });
  open.push(watcher);
  await watcher.ready;
  return {
    dir,
    watcher,
    lines,
    changes: () => changes,
    /** Runs `act` and resolves once it produced a change (or throws after 3 s). */
    async expectChange(act: () => Promise<unknown>): Promise<void> {
      const before = changes;
      await act();
      const end = Date.now() + 3_000;
      while (changes === before) {
        if (Date.now() > end) throw new Error('no change reported');
        await sleep(10);
      }
      await sleep(120); // let the burst settle so the next step starts clean
    },
  };
}

describe('watchContent', () => {
  it('reports in-place edits, and every atomic save of the same file, and edits after them', async () => {
    const w = await watched({ 'world/a.md': 'one' });
    const file = path.join(w.dir, 'world/a.md');
    const atomicSave = async (text: string) => {
      const tmp = path.join(w.dir, 'world/.a.md.swp');
      await writeFile(tmp, text);
      await rename(tmp, file);
    };
    await w.expectChange(() => writeFile(file, 'two'));
    await w.expectChange(() => atomicSave('three'));
    await w.expectChange(() => atomicSave('four')); // the recursive watcher misses this one
    await w.expectChange(() => writeFile(file, 'five')); // and every edit from here on
    expect(w.watcher.state).toBe('watching');
  });

  it('watches folders created after it started, however deep', async () => {
    const w = await watched({ 'world/a.md': 'one' });
    await w.expectChange(async () => {
      await mkdir(path.join(w.dir, 'sport/local'), { recursive: true });
      await writeFile(path.join(w.dir, 'sport/local/b.md'), 'b');
    });
    await w.expectChange(() => writeFile(path.join(w.dir, 'sport/local/b.md'), 'b2'));
    // A folder moved in whole, as `mv` or a checkout does.
    const outside = await tempDir();
    await writeTree(outside, { 'arts/film/c.md': 'c' });
    await w.expectChange(() => rename(path.join(outside, 'arts'), path.join(w.dir, 'arts')));
    await w.expectChange(() => writeFile(path.join(w.dir, 'arts/film/c.md'), 'c2'));
  });

  it('coalesces a burst of writes into one change', async () => {
    const w = await watched({ 'world/a.md': 'one' });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => writeFile(path.join(w.dir, `world/n${i}.md`), `${i}`)),
    );
    await sleep(400);
    expect(w.changes()).toBe(1);
  });

  it("ignores what is not a record: editors' dotfiles and backups, _ drafts", async () => {
    const w = await watched({ 'world/a.md': 'one', '_drafts/x.md': 'x' });
    await writeFile(path.join(w.dir, 'world/.a.md.swp'), 'swap');
    await writeFile(path.join(w.dir, 'world/a.md~'), 'backup');
    await writeFile(path.join(w.dir, '_notes.md'), 'notes');
    await writeFile(path.join(w.dir, '_drafts/x.md'), 'x2');
    await sleep(300);
    expect(w.changes()).toBe(0);
  });

  it('waits for the content folder when it is deleted, and reports it once it is back', async () => {
    const w = await watched({ 'world/a.md': 'one' });
    await w.expectChange(() => rm(w.dir, { recursive: true }));
    await sleep(100);
    expect(w.watcher.state).toBe('waiting');
    await w.expectChange(() => writeTree(w.dir, { 'world/a.md': 'two' }));
    expect(w.watcher.state).toBe('watching');
    await w.expectChange(() => writeFile(path.join(w.dir, 'world/a.md'), 'three'));
    expect(w.lines.map((l) => l.event)).toContain('watch-waiting');
  });

  it('waits for a content folder that does not exist yet', async () => {
    const parent = await tempDir();
    const dir = path.join(parent, 'content');
    const logger = createLogger({ level: 'silent' });
    let changes = 0;
    const watcher = watchContent({ dir, logger, onChange: () => changes++, debounceMs: 50, pollMs: 50 });
    open.push(watcher);
    await watcher.ready;
    expect(watcher.state).toBe('waiting');
    await writeTree(dir, { 'a.md': 'a' });
    const end = Date.now() + 3_000;
    while (changes === 0 && Date.now() < end) await sleep(10);
    expect(changes).toBe(1);
    expect(watcher.state).toBe('watching');
  });

  it('logs a watcher error and leaves builds to the schedule', async () => {
    let first: FSWatcher | undefined;
    const failing = ((dir: string, opts: object, listener: () => void) => {
      const real = watch(dir, opts, listener);
      first ??= real;
      return real;
    }) as typeof watch;
    const w = await watched({ 'world/a.md': 'one' }, { watch: failing });
    const err = Object.assign(new Error('inotify watch limit reached'), { code: 'ENOSPC' });
    first?.emit('error', err);
    expect(w.watcher.state).toBe('failed');
    expect(w.lines.find((l) => l.event === 'watch-failed')).toMatchObject({ level: 40 });
    await writeFile(path.join(w.dir, 'world/a.md'), 'two');
    await sleep(300);
    expect(w.changes()).toBe(0);
  });

  it('hands over the folders that changed since the last take, and vouches only for what it saw', async () => {
    const w = await watched({ 'world/a.md': 'one', 'sport/b.md': 'b', 'arts/c.md': 'c' });
    const real = (p: string) => path.join(realpathSync(w.dir), p);
    // Nothing before it is vouched for: the first build after starting looks at everything.
    expect(w.watcher.takeChanges()).toBeUndefined();
    expect(w.watcher.takeChanges()).toEqual(new Set());
    await w.expectChange(() => writeFile(path.join(w.dir, 'world/a.md'), 'two'));
    await w.expectChange(() => mkdir(path.join(w.dir, 'arts/film')));
    expect(w.watcher.takeChanges()).toEqual(new Set([real('world'), real('arts')]));
    await w.expectChange(() => rm(path.join(w.dir, 'sport'), { recursive: true }));
    expect(w.watcher.takeChanges()).toEqual(new Set([realpathSync(w.dir), real('sport')]));
    expect(w.watcher.takeChanges()).toEqual(new Set());
  });

  it('vouches for nothing across a lapse in watching, or after a burst the kernel may have cut', async () => {
    const w = await watched({ 'world/a.md': 'one' });
    w.watcher.takeChanges();
    await w.expectChange(() => rm(w.dir, { recursive: true }));
    await w.expectChange(() => writeTree(w.dir, { 'world/a.md': 'two' }));
    expect(w.watcher.state).toBe('watching');
    expect(w.watcher.takeChanges()).toBeUndefined();
    expect(w.watcher.takeChanges()).toEqual(new Set());
    await w.expectChange(() =>
      Promise.all(
        Array.from({ length: 3000 }, (_, i) => writeFile(path.join(w.dir, `world/n${i}.md`), `${i}`)),
      ),
    );
    await sleep(300);
    expect(w.watcher.takeChanges()).toBeUndefined();
  });

  it('falls back when watching cannot even start', async () => {
    const refusing = (() => {
      throw Object.assign(new Error('too many open files'), { code: 'EMFILE' });
    }) as unknown as typeof watch;
    const w = await watched({ 'a.md': 'a' }, { watch: refusing });
    expect(w.watcher.state).toBe('failed');
    expect(w.lines.map((l) => l.event)).toContain('watch-failed');
  });
});
