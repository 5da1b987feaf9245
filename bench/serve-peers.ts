import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// The servers bench/serve.bench.ts measures, each a process of its own reporting the CPU time
// it used, because on a shared 2-core machine requests per CPU-second is steadier than requests/s.

const CHILD = fileURLToPath(new URL('./serve-child.ts', import.meta.url));

export interface BenchServer {
  readonly name: string;
  /** The feed's URL. */
  readonly url: string;
  /** CPU milliseconds the server has used so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** utime + stime of another process from /proc (Linux), in milliseconds; NaN elsewhere. */
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // Fields 14 and 15 of stat(5), in clock ticks: 100 per second on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

export function request(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      })
      .on('error', reject);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/**
 * nginx's best case for this file: one process in the foreground (master_process off, so it
 * runs as us and reads our temporary folder), sendfile, ETag, and gzip_static with the file
 * pre-compressed at level 9 as ours is, so neither compresses per request. The same file at
 * /dynamic/rss.xml is compressed per request, as most nginx setups do it.
 */
export async function startNginx(dir: string, text: string): Promise<BenchServer> {
  const root = path.join(dir, 'nginx-root');
  await mkdir(root, { recursive: true });
  await writeFile(path.join(root, 'rss.xml'), text);
  await writeFile(path.join(root, 'rss.xml.gz'), gzipSync(text, { level: 9 }));
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (t) => `${t}_temp_path ${path.join(dir, t)};`,
  );
  const conf = `daemon off; master_process off; worker_processes 1;
pid ${path.join(dir, 'nginx.pid')}; error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off; sendfile on; tcp_nopush on; etag on; keepalive_requests 1000000; ${temp.join(' ')}
  types { application/rss+xml xml; } charset utf-8; charset_types application/rss+xml;
  gzip_static on; gzip_vary on;
  server {
    listen 127.0.0.1:${port}; root ${root}; add_header Cache-Control "public, max-age=60";
    # The common setup instead: compress each answer (Debian's nginx.conf has gzip on).
    location = /dynamic/rss.xml {
      alias ${root}/rss.xml; gzip_static off; gzip on; gzip_comp_level 6; gzip_types application/rss+xml;
    }
  }
}
`;
  const confFile = path.join(dir, 'nginx.conf');
  await writeFile(confFile, conf);
  const child: ChildProcess = spawn('nginx', ['-p', dir, '-c', confFile, '-e', path.join(dir, 'error.log')], {
    stdio: 'inherit',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/rss.xml`;
  for (let i = 0; i < 50 && child.exitCode === null; i++) {
    if (
      await request(url).then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}); see ${dir}/error.log`);
  return {
    name: 'nginx',
    url,
    cpuMs: () => processCpuMs(child.pid),
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * A node server (bench/serve-child.ts) in its own process: `syndicate` serves `dir` as
 * `syndicate serve` would, `bare node` holds `dir/rss.xml` in memory (the ceiling for node:http).
 */
export async function startNodeServer(kind: 'syndicate' | 'bare', dir: string): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, '--kind', kind, '--dir', dir], {
    cwd: path.dirname(path.dirname(CHILD)), // where `tsx` resolves
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code}) before listening`)));
  });
  return {
    name: kind === 'bare' ? 'bare node' : 'syndicate',
    url: `${url}rss.xml`,
    cpuMs: () => processCpuMs(child.pid),
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
