import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderRssString } from '../src/formats/rss.js';
import { type BenchServer, request, startNginx, startNodeServer } from './serve-peers.js';
import { makeFeed, makeStories } from './stories.js';
import { heading, median, rate, ratio, renderTable } from './table.js';

// `npx tsx bench/serve.bench.ts [--seconds 2] [--rounds 5] [--connections 50] [--warmup 1]`:
// requests per second for 200 and 304 answers on a ~260 KB RSS feed from our server, nginx
// (Debian package) and a bare node:http server holding the file in memory (the ceiling for a
// Node server), all on 127.0.0.1, measured with wrk one server at a time.
//
// Fair by construction: each server is a process of its own with one worker (nginx
// worker_processes 1, node's single event loop), every run uses the same wrk settings (one
// thread, the same connections and duration) after its own warm-up, and each case runs `rounds`
// times with the servers' order rotated, reporting the median and the spread (lowest–highest),
// since other work on a small machine makes a single run swing by a third. Requests per
// CPU-second of the server (from /proc) is shown too, as it barely moves with the machine's
// load. Needs `apt-get install -y wrk nginx`; without wrk it skips, without nginx it measures
// but compares with nothing.

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '1' },
  },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
/** wrk takes whole seconds. */
const WARMUP_SECONDS = Math.round(Number(values.warmup));
const TARGET_BYTES = 260_000;
const TARGET_RATIO = 0.8;

interface Case {
  readonly name: string;
  readonly headers: Record<string, string>;
  readonly status: number;
  /** Ask with the ETag of the 200 answer to the same headers. */
  readonly conditional?: boolean;
  /** nginx's path for this case, when not the pre-compressed file; such a row is context, not a target. */
  readonly nginxPath?: string;
}
const CASES: readonly Case[] = [
  { name: '200 identity', headers: { 'accept-encoding': 'identity' }, status: 200 },
  { name: '200 gzip', headers: { 'accept-encoding': 'gzip' }, status: 200 },
  { name: '304 If-None-Match', headers: { 'accept-encoding': 'identity' }, status: 304, conditional: true },
  {
    name: '200 gzip, nginx gzip on',
    headers: { 'accept-encoding': 'gzip' },
    status: 200,
    nginxPath: 'dynamic/rss.xml',
  },
];

interface Run {
  readonly rps: number;
  readonly perCpuSec: number;
}

interface Summary extends Run {
  readonly lowest: number;
  readonly highest: number;
}

/** The first story count whose feed reaches the target size, so the file is a real feed. */
function makeFeedText(): string {
  const sizeOf = (n: number) => Buffer.byteLength(renderRssString(makeFeed(makeStories(n))));
  let count = Math.max(1, Math.floor((10 * TARGET_BYTES) / sizeOf(10)));
  while (count > 1 && sizeOf(count - 1) >= TARGET_BYTES) count--;
  while (sizeOf(count) < TARGET_BYTES) count++;
  return renderRssString(makeFeed(makeStories(count)));
}

function run(cmd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

const installed = (cmd: string) =>
  run(cmd, ['-v']).then(
    () => true,
    () => false,
  );

/** One wrk run after its own warm-up (caches and the JIT of whoever ran before are cold); NaN if any answer was wrong. */
async function measure(server: BenchServer, c: Case): Promise<Run> {
  const url =
    server.name === 'nginx' && c.nginxPath ? new URL(`/${c.nginxPath}`, server.url).href : server.url;
  const headers = { ...c.headers };
  if (c.conditional) headers['if-none-match'] = String((await request(url, c.headers)).headers.etag);
  const check = await request(url, headers);
  if (check.status !== c.status) throw new Error(`${server.name} ${c.name}: status ${check.status}`);
  const coding = check.headers['content-encoding'] ?? 'identity';
  if (c.headers['accept-encoding'] !== coding) throw new Error(`${server.name} ${c.name}: sent ${coding}`);
  const args = (secs: number) => [
    '-t1',
    `-c${CONNECTIONS}`,
    `-d${secs}s`,
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    url,
  ];
  if (WARMUP_SECONDS > 0) await run('wrk', args(WARMUP_SECONDS));
  const cpuBefore = server.cpuMs();
  const out = await run('wrk', args(SECONDS));
  const cpuMs = server.cpuMs() - cpuBefore;
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  // A timeout is a slow answer (nginx compressing per request), not a wrong one.
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+)/
    .exec(out)
    ?.slice(1)
    .map(Number);
  if (/Non-2xx or 3xx/.test(out) || socketErrors?.some((n) => n > 0) || !requests) {
    process.stderr.write(`${server.name} ${c.name}: wrk saw errors\n${out}\n`);
    return { rps: Number.NaN, perCpuSec: Number.NaN };
  }
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]), perCpuSec: requests / (cpuMs / 1000) };
}

/** Medians and spread per server for one case, the servers' order rotated each round. */
async function measureCase(servers: readonly BenchServer[], c: Case): Promise<Map<string, Summary>> {
  const runs = new Map<string, Run[]>(servers.map((s) => [s.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const turn = round % servers.length;
    for (const s of [...servers.slice(turn), ...servers.slice(0, turn)])
      runs.get(s.name)?.push(await measure(s, c));
  }
  return new Map(
    [...runs].map(([name, r]) => {
      const rps = r.map((x) => x.rps);
      return [
        name,
        {
          rps: median(rps),
          perCpuSec: median(r.map((x) => x.perCpuSec)),
          lowest: Math.min(...rps),
          highest: Math.max(...rps),
        },
      ];
    }),
  );
}

const spread = (s: Summary): string => `${rate(s.rps)} (${rate(s.lowest)}–${rate(s.highest)})`;

async function main(): Promise<void> {
  if (!(await installed('wrk'))) {
    process.stdout.write('wrk is not installed (apt-get install -y wrk): nothing measured\n');
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'syndicate-serve-bench-'));
  await chmod(dir, 0o755);
  const text = makeFeedText();
  await mkdir(path.join(dir, 'feeds'));
  await writeFile(path.join(dir, 'feeds', 'rss.xml'), text);
  const servers: BenchServer[] = [];
  try {
    servers.push(await startNodeServer('syndicate', path.join(dir, 'feeds')));
    if (await installed('nginx')) servers.push(await startNginx(dir, text));
    else process.stdout.write('nginx is not installed (apt-get install -y nginx): no comparison\n');
    servers.push(await startNodeServer('bare', path.join(dir, 'feeds')));

    process.stdout.write(heading(`Serving a ${(Buffer.byteLength(text) / 1000).toFixed(0)} KB RSS feed`));
    process.stdout.write(
      `\nwrk -t1 -c${CONNECTIONS} -d${SECONDS}s on 127.0.0.1 after ${WARMUP_SECONDS} s of warm-up, one process per server;` +
        ` median (lowest–highest) of ${ROUNDS} rounds` +
        ` (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores at the start)\n\n`,
    );
    const rows: string[][] = [];
    let failed = false;
    for (const c of CASES) {
      const m = await measureCase(servers, c);
      const mine = m.get('syndicate') as Summary;
      const bare = m.get('bare node') as Summary;
      const nginx = m.get('nginx');
      const r = nginx && mine.rps / nginx.rps;
      const pass = r !== undefined && r >= TARGET_RATIO;
      if (r !== undefined && !pass && !c.nginxPath) failed = true;
      rows.push([
        c.name,
        spread(mine),
        nginx ? spread(nginx) : '-',
        spread(bare),
        r === undefined ? '-' : ratio(r),
        nginx ? ratio(mine.perCpuSec / nginx.perCpuSec) : '-',
        ratio(mine.perCpuSec / bare.perCpuSec),
        r === undefined
          ? 'skipped'
          : c.nginxPath
            ? 'context'
            : `${pass ? 'PASS' : 'FAIL'} (≥ ${TARGET_RATIO}x nginx req/s)`,
      ]);
    }
    const header = [
      'case',
      'syndicate',
      'nginx',
      'bare node',
      'vs nginx',
      'per CPU-s',
      'vs bare/CPU-s',
      'target',
    ];
    process.stdout.write(`${renderTable(header, rows)}\n`);
    process.stdout.write('req/s; "per CPU-s": requests per CPU-second of the server, as a ratio\n');
    if (failed) process.exitCode = 1;
  } finally {
    for (const s of servers) await s.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
