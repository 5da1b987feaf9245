import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { memoryPages } from 'xmllint-wasm';
import type { RunFile, RunOutput } from './newsml-check-runs.js';

// The worker lanes that run xmllint-wasm's own module, compiled once (see check-newsml.ts).

/** xmllint's C stack in xmllint-wasm 5.3 (Emscripten's default size), below the stack pointer's start. */
const STACK_SIZE = 65_536;
/**
 * A run's verdicts count only if this much of the stack's far end was never written (the stack
 * starts zeroed, so the lowest non-zero byte is as deep as it went). Wider than any single frame
 * of libxml2's, so that no frame can have reached past the end without touching this margin.
 */
export const STACK_MARGIN = 16_384;

// The one WebAssembly call made here; this project's TypeScript libraries do not describe WebAssembly.
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<object> };

/** xmllint-wasm's Emscripten module, compiled once per process, and where its stack starts. */
interface Engine {
  /** xmllint-node.js: exports the module's factory (and, harmlessly, listens for its own messages). */
  readonly script: string;
  readonly wasm: object;
  readonly stackTop: number;
}

let engine: Promise<Engine | undefined> | undefined;

export function loadEngine(): Promise<Engine | undefined> {
  engine ??= (async () => {
    const dir = path.dirname(createRequire(import.meta.url).resolve('xmllint-wasm'));
    const bytes = await readFile(path.join(dir, 'xmllint.wasm'));
    const stackTop = stackPointerStart(bytes);
    // The stack must lie in the initial memory, which is all zero but for the data segments.
    if (
      stackTop === undefined ||
      stackTop < STACK_SIZE ||
      stackTop > memoryPages.defaultInitialMemoryPages * 65536
    )
      return undefined;
    return { script: path.join(dir, 'xmllint-node.js'), wasm: await WebAssembly.compile(bytes), stackTop };
  })().catch(() => undefined);
  return engine;
}

/**
 * The initial value of the module's first global, Emscripten's stack pointer (a mutable i32
 * set by i32.const), read from the binary; undefined if the binary is not laid out so.
 */
export function stackPointerStart(wasm: Uint8Array): number | undefined {
  let at = 8; // magic and version
  const u32 = (): number => {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = wasm[at++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return Number.NaN;
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = u32();
    const end = at + size;
    if (id === 6) {
      if (u32() < 1 || wasm[at] !== 0x7f || wasm[at + 1] !== 1 || wasm[at + 2] !== 0x41) return undefined;
      at += 3;
      // i32.const takes a signed LEB128; a stack pointer is positive and below 2^31.
      let value = 0;
      for (let shift = 0; shift < 35; shift += 7) {
        const byte = wasm[at++] ?? 0;
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return byte & 0x40 ? undefined : value;
      }
      return undefined;
    }
    if (!Number.isFinite(end)) return undefined;
    at = end;
  }
  return undefined;
}

/**
 * The worker: runs the module's main once per message, in fresh memory, from the compiled module
 * it was given, and reports stderr, the exit status and how much of the stack was never written.
 * Its messages are tagged so that xmllint-node.js's own listener (tag 'xmllint-wasm') ignores them.
 */
const WORKER_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { script, wasm, stackTop, stackSize } = workerData;
const Module = require(script);
if (typeof Module !== 'function') throw new Error('xmllint-wasm: unexpected module');
parentPort.on('message', (job) => {
  if (!job || job.syndicate !== true) return;
  const memory = new WebAssembly.Memory({ initial: 256, maximum: job.maxPages });
  let stderr = '';
  let stdout = '';
  let ended = false;
  const end = (exitCode, note) => {
    if (ended) return;
    ended = true;
    const stack = new Uint8Array(memory.buffer, stackTop - stackSize, stackSize);
    let unused = 0;
    while (unused < stackSize && stack[unused] === 0) unused++;
    if (note) stderr += note + '\\n';
    parentPort.postMessage({ syndicate: true, exitCode, stderr, stdout, stackUnused: unused });
  };
  const crashed = (err) => end(-1, 'xmllint crashed: ' + (err && err.message ? err.message : String(err)));
  const options = {
    // The files go in before main as xmllint-wasm's own inputFiles would (its preRun writes those),
    // but owned by the file system rather than copied: 5-7% less CPU.
    inputFiles: [],
    preInit() {
      if (typeof options.FS_createDataFile !== 'function') options.inputFiles = job.files;
      else for (const f of job.files) options.FS_createDataFile('/', f.fileName, f.contents, true, true, true);
    },
    arguments: job.args,
    print(text) { if (stdout.length < 4096) stdout += text + '\\n'; },
    printErr(text) { stderr += text + '\\n'; },
    onExit(code) { end(code); },
    onAbort(reason) { end(-1, 'WASM abort: ' + reason); },
    wasmMemory: memory,
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(wasm, imports).then((instance) => receive(instance, wasm), crashed);
      return {};
    },
  };
  // The factory settles after main: normally once onExit has reported; a trap rejects it.
  Module(options).then(() => crashed(new Error('main ended without an exit status')), crashed);
});
parentPort.postMessage({ syndicate: true, ready: true });
`;

/** One lane of the pool: its worker, started at its first run and kept for the next. */
export class Lane {
  busy = false;
  private worker: Worker | undefined;
  private started = false;
  private pending: ((out: RunOutput | undefined) => void) | undefined;

  /** Runs xmllint; undefined when the module cannot be run this way (then use validateXML). */
  async run(
    files: readonly RunFile[],
    args: readonly string[],
    maxPages: number,
    timeoutMs: number,
  ): Promise<RunOutput | undefined> {
    const found = await loadEngine();
    if (found === undefined) return undefined;
    const worker = this.worker ?? this.start(found);
    worker.ref();
    return new Promise<RunOutput | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.fail(`xmllint did not finish within ${Math.round(timeoutMs / 1000)} s`);
      }, timeoutMs);
      this.pending = (out) => {
        clearTimeout(timer);
        this.pending = undefined;
        this.worker?.unref();
        resolve(out);
      };
      worker.postMessage({ syndicate: true, files, args, maxPages });
    });
  }

  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) void worker.terminate();
  }

  private start(found: Engine): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { script: found.script, wasm: found.wasm, stackTop: found.stackTop, stackSize: STACK_SIZE },
    });
    this.worker = worker;
    this.started = false;
    // Events of a worker this lane has already let go of (stopped, or replaced) change nothing.
    worker.on('message', (m: { ready?: boolean } & RunOutput) => {
      if (this.worker !== worker) return;
      if (m.ready) this.started = true;
      else
        this.pending?.({
          exitCode: m.exitCode,
          stderr: m.stderr,
          stdout: m.stdout,
          stackUnused: m.stackUnused,
        });
    });
    worker.on('error', (err) => {
      if (this.worker === worker) this.fail(`xmllint worker failed: ${err.message}`);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(`xmllint worker exited (${code})`);
    });
    return worker;
  }

  /** Ends the pending run: refused if the worker had started, else the module is not usable here. */
  private fail(reason: string): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) void worker.terminate();
    if (!this.started) engine = Promise.resolve(undefined);
    this.pending?.(this.started ? { exitCode: -1, stderr: reason } : undefined);
  }
}
