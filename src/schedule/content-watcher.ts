import { type Dirent, type FSWatcher, watch as fsWatch } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from './logger.js';

// Asks for a build soon after anything changes under the content folder (`start --watch`).
//
// Why one non-recursive watcher per folder and not fs.watch(dir, { recursive: true }): on Linux,
// Node 20 and 24 implement recursive watching in JavaScript with one watcher per *file*, and it
// loses files replaced by rename (an editor's atomic save): the second atomic save of a file and
// every later in-place edit of it go unreported, and a folder deleted and created again is never
// watched again. An inotify watch on a folder reports its children's writes, creations, renames
// and deletions by name, so watching each folder is both complete and cheaper.
//
// Folders are walked as the record loader walks them: names starting with `_` or `.` are not
// records and neither are their contents, and folder symlinks are not followed.

export interface ContentWatcherOptions {
  readonly dir: string;
  /** Called once changes have settled: `debounceMs` without another, or `maxWaitMs` after the first. */
  readonly onChange: () => void;
  readonly logger: Logger;
  readonly debounceMs?: number;
  readonly maxWaitMs?: number;
  /** While the folder does not exist, how often to look for it again. */
  readonly pollMs?: number;
  /** node:fs watch, injectable so a test can make it fail as an exhausted inotify limit would. */
  readonly watch?: typeof fsWatch;
}

export type WatchState = 'starting' | 'watching' | 'waiting' | 'failed' | 'closed';

export interface ContentWatcher {
  /** `waiting`: the folder is missing; `failed`: watching gave up and builds run on schedule only. */
  readonly state: WatchState;
  /** Resolves once the initial folders are watched (or watching could not start). */
  readonly ready: Promise<void>;
  /**
   * The folders (real paths) something happened in since the last call, for a build to look at
   * only those; undefined when that cannot be vouched for (the first call, or watching lapsed
   * for a while since: not yet started, the folder missing, a watcher failing).
   */
  takeChanges(): ReadonlySet<string> | undefined;
  close(): void;
}

export function watchContent(opts: ContentWatcherOptions): ContentWatcher {
  return new FolderWatcher(opts);
}

/** Not records (records.md): dotfiles such as editors' swap and temporary files, `_` drafts, `~` backups. */
const ignored = (name: string): boolean => name.startsWith('.') || name.startsWith('_') || name.endsWith('~');

const GONE = new Set(['ENOENT', 'ENOTDIR']);

/** Well under Linux's default inotify queue of 16 384 events. */
const MAX_EVENTS = 4096;

class FolderWatcher implements ContentWatcher {
  state: WatchState = 'starting';
  readonly ready: Promise<void>;
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly watch: typeof fsWatch;
  private root = '';
  private rootIno = -1;
  private timer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private firstChangeAt: number | undefined;
  private seen = new Set<string>();
  /** Whether `seen` holds everything since the last take: watching has not lapsed meanwhile. */
  private whole = false;
  private events = 0;

  constructor(private readonly opts: ContentWatcherOptions) {
    this.watch = opts.watch ?? fsWatch;
    this.ready = this.begin();
  }

  takeChanges(): ReadonlySet<string> | undefined {
    const taken = this.whole && this.state === 'watching' ? this.seen : undefined;
    this.seen = new Set();
    this.events = 0;
    this.whole = this.state === 'watching';
    return taken;
  }

  close(): void {
    this.whole = false;
    this.state = 'closed';
    this.stopAll();
    clearTimeout(this.timer);
    clearInterval(this.poll);
  }

  /** Watches the folder and every folder in it, or waits for it to exist. */
  private async begin(): Promise<void> {
    let root: string;
    let ino: number;
    try {
      root = await realpath(this.opts.dir);
      ino = (await stat(root)).ino;
    } catch (err) {
      if (!GONE.has((err as NodeJS.ErrnoException).code ?? '')) return this.fail(err);
      return this.waitForFolder();
    }
    if (this.state === 'closed') return;
    this.root = root;
    this.rootIno = ino;
    await this.addTree(root);
    if (this.state !== 'starting' && this.state !== 'waiting') return;
    this.state = 'watching';
    this.opts.logger.info(
      { event: 'watch', dir: this.opts.dir, folders: this.watchers.size },
      'watching the content folder',
    );
  }

  /** Watches `dir` first, then lists it, so a subfolder created in between is reported, not missed. */
  private async addTree(dir: string): Promise<void> {
    if (this.watchers.has(dir) || this.state === 'closed' || this.state === 'failed') return;
    try {
      const watcher = this.watch(dir, { persistent: false }, (event, name) =>
        this.onEvent(dir, event, name === null ? null : String(name)),
      );
      watcher.on('error', (err) => this.onWatcherError(dir, err));
      this.watchers.set(dir, watcher);
    } catch (err) {
      if (GONE.has((err as NodeJS.ErrnoException).code ?? '')) return; // removed meanwhile
      return this.fail(err);
    }
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (GONE.has((err as NodeJS.ErrnoException).code ?? '')) return this.removeTree(dir);
      return this.fail(err);
    }
    await Promise.all(
      entries
        .filter((e) => e.isDirectory() && !ignored(e.name))
        .map((e) => this.addTree(path.join(dir, e.name))),
    );
  }

  private onEvent(dir: string, event: string, name: string | null): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    if (name !== null && ignored(name)) return;
    this.seen.add(dir);
    // The kernel drops events past its queue's length without a word: after a burst that large
    // (a checkout, a restore) the next build looks at everything.
    if (++this.events > MAX_EVENTS) this.whole = false;
    this.changed();
    // A rename is a creation, a removal or a move: folders may have come or gone.
    if (event === 'rename') void this.reconcile(name === null ? dir : path.join(dir, name), dir);
  }

  private async reconcile(target: string, dir: string): Promise<void> {
    // A folder's own removal is reported by its watcher under its own name, like a child's.
    if (path.basename(dir) === path.basename(target)) await this.checkFolder(dir);
    if (target === dir) return;
    try {
      const info = await lstat(target);
      if (info.isDirectory()) await this.addTree(target);
    } catch (err) {
      if (GONE.has((err as NodeJS.ErrnoException).code ?? '')) this.removeTree(target);
    }
  }

  /** Drops the watchers of a folder that is gone; the content folder itself is waited for. */
  private async checkFolder(dir: string): Promise<void> {
    const info = await stat(dir).catch(() => undefined);
    const replaced = dir === this.root ? info?.ino !== this.rootIno : !info?.isDirectory();
    if (!replaced) return;
    if (dir !== this.root) return this.removeTree(dir);
    this.stopAll();
    if (this.state !== 'closed' && this.state !== 'failed') await this.waitForFolder();
  }

  private removeTree(dir: string): void {
    const prefix = dir + path.sep;
    for (const [watched, watcher] of this.watchers)
      if (watched === dir || watched.startsWith(prefix)) {
        this.seen.add(watched);
        watcher.close();
        this.watchers.delete(watched);
      }
  }

  private onWatcherError(dir: string, err: Error): void {
    if (GONE.has((err as NodeJS.ErrnoException).code ?? '')) return void this.checkFolder(dir);
    this.fail(err);
  }

  /** Builds go on at the schedule; only the shortcut is lost. */
  private fail(err: unknown): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    this.whole = false;
    this.state = 'failed';
    this.stopAll();
    clearInterval(this.poll);
    this.opts.logger.warn(
      { event: 'watch-failed', dir: this.opts.dir, err },
      'cannot watch the content folder; building on schedule only',
    );
  }

  /** The folder is missing (not created yet, or deleted to be replaced): look for it until it is back. */
  private async waitForFolder(): Promise<void> {
    if (this.state === 'closed' || this.poll) return;
    this.whole = false;
    this.state = 'waiting';
    this.opts.logger.warn(
      { event: 'watch-waiting', dir: this.opts.dir },
      'the content folder is missing; watching for it to come back',
    );
    this.poll = setInterval(() => {
      stat(this.opts.dir).then(
        () => {
          clearInterval(this.poll);
          this.poll = undefined;
          void this.begin().then(() => this.changed());
        },
        () => undefined, // still missing
      );
    }, this.opts.pollMs ?? 250);
    this.poll.unref();
  }

  private stopAll(): void {
    this.whole = false;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  /** Debounce: a save is often several events, a checkout hundreds; one build follows each burst. */
  private changed(): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    const now = Date.now();
    this.firstChangeAt ??= now;
    const debounceMs = this.opts.debounceMs ?? 200;
    const wait = Math.min(debounceMs, this.firstChangeAt + (this.opts.maxWaitMs ?? 500) - now);
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.firstChangeAt = undefined;
        this.timer = undefined;
        this.opts.onChange();
      },
      Math.max(0, wait),
    );
    this.timer.unref();
  }
}
