import { Worker } from 'node:worker_threads';

// Worker threads that run one of this project's modules: the compiled JavaScript when the
// program runs from `dist`, the TypeScript source (through tsx's loader) when it runs from
// source, as tests and benchmarks do.

/** The module `name` (without extension) beside `base`, in the form this process runs. */
export function siblingModule(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/**
 * A worker running `script`, with `data` as its `workerData` (from source, also the keys
 * `script` and `tsx`, which the module ignores).
 */
export function startModuleWorker(script: URL, data: Readonly<Record<string, unknown>>): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData: data });
  return new Worker(FROM_SOURCE, {
    eval: true,
    workerData: { ...data, script: script.href, tsx: tsxApi() },
  });
}

function tsxApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return 'tsx/esm/api'; // resolved from the working folder, the project's when it runs from source
  }
}

const FROM_SOURCE = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.script); });`;
