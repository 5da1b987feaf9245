import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

// CLI tests run the real bin, which runs the compiled output: compile it once first,
// so the tests never exercise a stale dist/.
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
