import { readdirSync } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildResult, build } from '../src/build.js';
import { parseConfig } from '../src/config/load-config.js';
import { createLogger, watchContent } from '../src/schedule/index.js';

// One site of the scale benchmark in a process of its own, so the peak RSS is this build's:
// `scale-case.ts <site> <now ms> [<mode> <held-back record> <its place in content/>]...`
// builds the site cold, then adds each held-back record in turn and builds again with the
// state in memory, as the service does (each mode's results in a list, in order): `watch` with the content watcher running, which tells
// the build the folders that changed (`start --watch`); `poll` without it, so every record file
// is checked (a service on its schedule alone). `cli` alone adds its record first and builds
// once from the state on disk.

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');
const [site, nowArg, ...rest] = process.argv.slice(2);
if (site === undefined || nowArg === undefined)
  throw new Error('usage: scale-case.ts <site> <now> [<watch|poll|cli> <from> <to>]...');
const adds: { mode: string; from: string; to: string }[] = [];
for (let i = 0; i + 2 < rest.length; i += 3)
  adds.push({ mode: rest[i] as string, from: rest[i + 1] as string, to: rest[i + 2] as string });
const raw = JSON.parse(await readFile(path.join(ROOT, 'syndicate.config.json'), 'utf8')) as object;
const config = parseConfig(
  {
    ...raw,
    paths: { content: 'content', out: 'out', state: 'state' },
    // Feeds only: the per-story NewsML-G2 messages have their own benchmark (bench/newsml.ts).
    wire: { enabled: false },
    enrich: { enabled: false },
  },
  'scale config',
);
const now = Number(nowArg);

/** The published files, listed before a build (untimed), so its report tells new files apart. */
const published = (): Set<string> => {
  try {
    return new Set(readdirSync(path.join(site, 'out'), { recursive: true, encoding: 'utf8' }));
  } catch {
    return new Set();
  }
};
let before = new Set<string>();

const timed = async (state?: BuildResult['state'], changedFolders?: ReadonlySet<string>) => {
  before = published();
  const t0 = performance.now();
  const result = await build({
    config,
    baseDir: site,
    now,
    enrich: false,
    ...(state ? { state } : {}),
    ...(changedFolders ? { changedFolders } : {}),
  });
  return { ms: performance.now() - t0, result };
};
const summary = ({ ms, result }: { ms: number; result: BuildResult }) => ({
  ms,
  read: result.recordsRead,
  rendered: result.rendered,
  written: result.publish.written,
  created: result.publish.written.filter((f) => !before.has(f)),
  feeds: result.status.feeds.count,
  archivePages: result.status.feeds.archivePages,
  ok: result.status.ok,
});

const cli = adds[0]?.mode === 'cli' ? adds[0] : undefined;
if (cli) await rename(cli.from, cli.to);
const first = await timed();
const out: Record<string, unknown> = {
  build: cli ? summary(first) : { ...summary(first), written: first.result.publish.written.length },
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
};
if (!cli) {
  let heard = () => {};
  const watcher = watchContent({
    dir: path.join(site, 'content'),
    logger: createLogger({ level: 'silent' }),
    onChange: () => heard(),
  });
  await watcher.ready;
  watcher.takeChanges(); // from here on, it vouches for what it hears
  let state = first.result.state;
  for (const add of adds) {
    // The watcher holds no reference to the event loop, so this timer keeps the process up.
    const change = new Promise<void>((resolve, reject) => {
      const late = setTimeout(() => reject(new Error(`the watcher did not hear ${add.to}`)), 10_000);
      heard = () => {
        clearTimeout(late);
        resolve();
      };
    });
    await rename(add.from, add.to);
    await change; // the watcher's debounce is the service's, not the build's: not timed
    const seen = watcher.takeChanges();
    const result = await timed(state, add.mode === 'watch' ? seen : undefined);
    state = result.result.state;
    out[add.mode] = [...((out[add.mode] as unknown[] | undefined) ?? []), summary(result)];
  }
  watcher.close();
}
process.stdout.write(`${JSON.stringify(out)}\n`);
