import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildResult, build } from '../src/build.js';
import { parseConfig } from '../src/config/load-config.js';

// One site of the scale benchmark in a process of its own, so the peak RSS is this build's:
// `scale-case.ts <site> <now ms> [<held-back record> <its place in content/>]` builds the site
// cold, then adds a held-back record and builds again with the state in memory, as the service
// does; with `cli` last, it adds the record first and builds once from the state on disk.

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');
const [site, nowArg, heldBack, place, mode] = process.argv.slice(2);
if (site === undefined || nowArg === undefined)
  throw new Error('usage: scale-case.ts <site> <now> [<from> <to>]');
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

const timed = async (state?: BuildResult['state']) => {
  const t0 = performance.now();
  const result = await build({ config, baseDir: site, now, enrich: false, ...(state ? { state } : {}) });
  return { ms: performance.now() - t0, result };
};
const summary = ({ ms, result }: { ms: number; result: BuildResult }) => ({
  ms,
  read: result.recordsRead,
  rendered: result.rendered,
  written: result.publish.written,
  feeds: result.status.feeds.count,
  archivePages: result.status.feeds.archivePages,
  ok: result.status.ok,
});

// `cli`: the record is added before the one build, which reads the state from disk.
if (mode === 'cli' && heldBack !== undefined && place !== undefined) await rename(heldBack, place);
const first = await timed();
const out: Record<string, unknown> = {
  build:
    mode === 'cli' ? summary(first) : { ...summary(first), written: first.result.publish.written.length },
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
};
if (mode !== 'cli' && heldBack !== undefined && place !== undefined) {
  await rename(heldBack, place);
  out.add = summary(await timed(first.result.state));
}
process.stdout.write(`${JSON.stringify(out)}\n`);
