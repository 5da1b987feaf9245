import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `npm run bench [-- --quick | --sizes 50,1000]`: the writers (bench/build.bench.ts, which takes
// these arguments), then the server (bench/serve.bench.ts, which says so and skips when wrk is
// not installed, and compares with nothing when nginx is not). Each runs in its own process, so
// neither's heap or JIT state colours the other's figures; the exit status is the worse of the two.

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function run(script: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', here(script), ...args], { stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const writers = await run('./build.bench.ts', process.argv.slice(2));
const serving = await run('./serve.bench.ts', []);
process.exitCode = writers || serving;
