import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

// One small site for the crash test: the bad-input suite's three base records, the shipped
// configuration, and a way to change stories between builds as a newsroom would.

export const REPO = path.resolve(import.meta.dirname, '../..');
export const NOW = '2026-11-26T00:00:00Z';
const TEMP = /^\..+\.tmp$/;

export interface Site {
  /** The program under test: a copy of bin/ and dist/, so a recompile cannot change it mid-run. */
  readonly bin: string;
  readonly dir: string;
  readonly feeds: string;
  readonly state: string;
  readonly versions: Map<string, number>;
}

/** Copies the compiled program beside the sites; packages still resolve from the repository. */
export async function copyProgram(root: string): Promise<string> {
  const program = path.join(root, 'program');
  await cp(path.join(REPO, 'dist'), path.join(program, 'dist'), { recursive: true });
  await cp(path.join(REPO, 'bin'), path.join(program, 'bin'), { recursive: true });
  await cp(path.join(REPO, 'package.json'), path.join(program, 'package.json'));
  await symlink(path.join(REPO, 'node_modules'), path.join(program, 'node_modules'));
  await symlink(path.join(REPO, 'schemas'), path.join(program, 'schemas'));
  return path.join(program, 'bin/syndicate.js');
}

export async function makeSite(dir: string, bin: string): Promise<Site> {
  await mkdir(dir, { recursive: true });
  await cp(path.join(REPO, 'test/bad-input/base/content'), path.join(dir, 'content'), { recursive: true });
  const config = JSON.parse(await readFile(path.join(REPO, 'syndicate.config.json'), 'utf8'));
  delete config.$schema;
  await writeFile(path.join(dir, 'syndicate.config.json'), JSON.stringify(config));
  return {
    bin,
    dir,
    feeds: path.join(dir, 'feeds'),
    state: path.join(dir, '.syndicate'),
    versions: new Map(),
  };
}

/** Edits a random non-empty subset of the stories: a new headline and a higher version. */
export async function editStories(site: Site, run: number, random: () => number): Promise<void> {
  const files = (await readdir(path.join(site.dir, 'content'), { recursive: true })).filter((f) =>
    /\.(json|md)$/.test(f),
  );
  const chosen = files.filter(() => random() < 0.5);
  if (chosen.length === 0) chosen.push(files[Math.floor(random() * files.length)] as string);
  for (const f of chosen) {
    const file = path.join(site.dir, 'content', f);
    const version = (site.versions.get(f) ?? 1) + 1;
    site.versions.set(f, version);
    const text = await readFile(file, 'utf8');
    if (f.endsWith('.json')) {
      const record = JSON.parse(text);
      record.headline = `${record.headline.replace(/ \(edit \d+\)$/, '')} (edit ${run})`;
      record.version = version;
      await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
    } else {
      const edited = text
        .replace(/^headline: "(.*?)(?: \(edit \d+\))?"$/m, `headline: "$1 (edit ${run})"`)
        .replace(/^version: \d+\n/m, '')
        .replace(/^id: (.*)$/m, `id: $1\nversion: ${version}`);
      await writeFile(file, edited);
    }
  }
}

/** Every file under `dir` (temporary ones apart) with its bytes. */
export async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  for (const name of names.sort()) {
    if (TEMP.test(path.basename(name))) continue;
    const bytes = await readFile(path.join(dir, name)).catch(() => undefined);
    if (bytes) out.set(name, bytes);
  }
  return out;
}

export async function temporaryFiles(...dirs: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const dir of dirs) {
    const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
    found.push(...names.filter((n) => TEMP.test(path.basename(n))).map((n) => path.join(dir, n)));
  }
  return found;
}

export interface BuildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** Wall-clock time the child was started, to place file modification times in the build. */
  readonly startedAt: number;
  readonly ms: number;
}

/** Runs `syndicate build` as a child process, and SIGKILLs it `killAfterMs` after its start. */
export function runBuild(site: Site, killAfterMs?: number): Promise<BuildRun> {
  const startedAt = Date.now();
  const started = performance.now();
  const child = spawn(process.execPath, [site.bin, 'build', '--now', NOW, '--no-enrich'], {
    cwd: site.dir,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, startedAt, ms: performance.now() - started });
    });
  });
}

/**
 * When, after its start, a finished build wrote its first and last file (outputs, then state):
 * the window in which a kill lands mid-publish.
 */
export async function publishWindow(
  site: Site,
  run: BuildRun,
): Promise<{ from: number; to: number } | undefined> {
  const times: number[] = [];
  for (const dir of [site.feeds, site.state]) {
    for (const name of await readdir(dir, { recursive: true }).catch(() => [] as string[])) {
      const info = await stat(path.join(dir, name)).catch(() => undefined);
      if (info?.isFile() && info.mtimeMs >= run.startedAt) times.push(info.mtimeMs - run.startedAt);
    }
  }
  if (times.length === 0) return undefined;
  // Opening a temporary file comes a little before the renamed file's time.
  return { from: Math.max(0, Math.min(...times) - 30), to: Math.max(...times) + 5 };
}
