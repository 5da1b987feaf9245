import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { memoryPages, validateXML } from 'xmllint-wasm';
import type { XmlDocument } from './check-xml.js';

// NewsML-G2 documents against the IPTC 2.35 "All-Power" XSD (newsml-g2.md, Validating), by
// libxml2 in WebAssembly, so no machine needs xmllint installed.
//
// xmllint-wasm's validateXML() starts a worker per call, compiles the WebAssembly afresh and runs
// xmllint once. Here a worker per parallel lane runs xmllint-wasm's own xmllint (its Emscripten
// module, pinned at 5.3.0) run after run, from one compiled module: runs after the first skip the
// worker start and the compile, and find the WebAssembly already optimised by V8, which made the
// same documents take 35-40% less CPU. Should that module ever not load as expected, each run
// falls back to validateXML(), with the same verdicts.

export const NEWSML_XSD = 'NewsML-G2_2.35-spec-All-Power.xsd';
/** The schema imports xml.xsd by the relative name "xml.xsd", so both sit in one folder. */
const XML_XSD = 'xml.xsd';
const NAR_NS = 'http://iptc.org/std/nar/2006-10-01/';

/**
 * Most documents in one xmllint run. xmllint-wasm copies argv onto xmllint's C stack, which is
 * only 64 KiB, with libxml2's globals below it: each file name takes 20 bytes there (a 4-byte
 * pointer, the name padded to 16), and an overflow corrupts memory silently (from ~2 900 names
 * runs hung, crashed or, worse, could print anything). xmllint itself needs 5.5-6.2 KiB of stack
 * (measured as below, for valid, invalid, malformed and 250-deep documents alike); 1 600 names
 * take 32 000 bytes and leave 26 KiB unused. Each run compiles the schema again (~0.06 s once
 * the WebAssembly is warm), so runs of this size cost little more than one big run would.
 */
export const MAX_RUN_DOCS = 1600;
/** xmllint's C stack in xmllint-wasm 5.3 (Emscripten's default size), below the stack pointer's start. */
const STACK_SIZE = 65_536;
/**
 * A run's verdicts count only if this much of the stack's far end was never written (the stack
 * starts zeroed, so the lowest non-zero byte is as deep as it went). Wider than any single frame
 * of libxml2's, so that no frame can have reached past the end without touching this margin.
 */
const STACK_MARGIN = 16_384;
/**
 * Most text in one run, in UTF-16 code units (bytes, for Latin text; counted without encoding).
 * The files sit in Emscripten's in-memory file system, in the worker's JavaScript heap; xmllint
 * parses, checks and frees one document at a time, so WebAssembly memory does not grow with a run.
 */
const MAX_RUN_CHARS = 24_000_000;
/** Below this, a second lane's run costs more than sharing the batch with it saves. */
const MIN_RUN_DOCS = 200;
/** Runs in parallel, each lane in its own worker thread. */
const PARALLEL_RUNS = Math.max(2, Math.min(4, availableParallelism()));
/**
 * For a batch handed over as it is rendered (startNewsmlCheck): a free lane starts a run once
 * this many are queued, so validating overlaps rendering while each run still spreads its start.
 */
const STREAM_RUN_DOCS = 1000;
/**
 * A run that takes longer than this has hung (a minute, plus a second per MB: some fifty times
 * what a loaded machine needs): its worker is stopped and its documents refused.
 */
const runTimeoutMs = (bytes: number) => 60_000 + bytes / 1_000;

const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * Where the XSD lives: SYNDICATE_NEWSML_XSD_DIR, else the copy shipped in the repository
 * (schemas/newsml-g2/, IPTC's CC BY 4.0 licence beside it), else the shared folder next to it.
 */
export function newsmlSchemaDir(): string {
  const fromEnv = process.env.SYNDICATE_NEWSML_XSD_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  const candidates = [path.join(REPO, 'schemas/newsml-g2'), path.join(REPO, '../shared/schemas/newsml-g2')];
  return candidates.find((dir) => existsSync(path.join(dir, NEWSML_XSD))) ?? (candidates[0] as string);
}

/** The schema files as bytes: xmllint-wasm copies bytes as they are, but encodes strings in a JavaScript loop. */
interface SchemaFiles {
  readonly xsd: Uint8Array;
  readonly xml: Uint8Array;
}

let cached: { dir: string; files: Promise<SchemaFiles> } | undefined;

/** Reads the two schema files once per process (per folder, so a test can point elsewhere). */
function schemaFiles(): Promise<SchemaFiles> {
  const dir = newsmlSchemaDir();
  if (cached?.dir !== dir) {
    const files = Promise.all([readFile(path.join(dir, NEWSML_XSD)), readFile(path.join(dir, XML_XSD))]).then(
      ([xsd, xml]) => ({ xsd, xml }),
    );
    // A failed read is not cached, so fixing the folder needs no restart.
    files.catch(() => {
      if (cached?.files === files) cached = undefined;
    });
    cached = { dir, files };
  }
  return cached.files;
}

/**
 * Validates every document against the XSD, in as few xmllint runs as the batch needs, spread
 * over parallel workers. Returns the problems per document name; a name absent from the map
 * passed. A document passes only when xmllint says "validates" and prints nothing else about it:
 * libxml2 reports namespace errors without failing, and a partner's parser may be stricter.
 */
export async function checkNewsml(docs: readonly XmlDocument[]): Promise<Map<string, string[]>> {
  const problems = new Map<string, string[]>();
  if (docs.length === 0) return problems;
  const pool = new RunPool();
  for (const run of planRuns(docs)) pool.submit(run);
  return pool.drain();
}

/**
 * How runs are made: 'worker' runs xmllint-wasm's module in this checker's own workers (see the
 * top of this file); 'validateXML' is the fallback, should that module not load as expected.
 */
export async function newsmlCheckEngine(): Promise<'worker' | 'validateXML'> {
  return (await loadEngine()) === undefined ? 'validateXML' : 'worker';
}

/** A batch handed over one document at a time; see startNewsmlCheck. */
export interface NewsmlCheck {
  /** Queues one document; it is checked once enough are queued and a worker is free. */
  add(doc: XmlDocument): void;
  /** Checks what is still queued and resolves with every problem, as checkNewsml does. No add() after it. */
  finish(): Promise<Map<string, string[]>>;
}

/**
 * checkNewsml for documents that are still being rendered: runs start in worker threads while
 * the caller renders the rest, so rendering and validating overlap. A free worker takes what is
 * queued (at least STREAM_RUN_DOCS) from add(); a worker that finishes is only noticed when the
 * caller yields to the event loop, so a long synchronous loop should await now and then (a
 * setImmediate every few hundred documents is enough). Same verdicts as checkNewsml.
 */
export function startNewsmlCheck(): NewsmlCheck {
  let queued: XmlDocument[] = [];
  let finished = false;
  const pool = new RunPool(() => {
    if (finished || queued.length < STREAM_RUN_DOCS) return undefined;
    const run = firstRun(queued);
    queued = queued.slice(run.length);
    return run;
  });
  // The caller renders on this thread meanwhile: leave it a core.
  pool.lanesInUse = Math.max(1, PARALLEL_RUNS - 1);
  return {
    add(doc) {
      if (finished) throw new Error('startNewsmlCheck: add() after finish()');
      queued.push(doc);
      if (queued.length >= STREAM_RUN_DOCS) pool.pump();
    },
    finish() {
      if (!finished) {
        finished = true;
        pool.lanesInUse = PARALLEL_RUNS;
        // What is left is one batch now: split for the workers like checkNewsml's.
        if (queued.length > 0) for (const run of planRuns(queued)) pool.submit(run);
        queued = [];
      }
      return pool.drain();
    },
  };
}

/** The longest run the limits allow from the start of the queue. */
function firstRun(queued: readonly XmlDocument[]): XmlDocument[] {
  let chars = 0;
  let n = 0;
  while (n < queued.length && n < MAX_RUN_DOCS) {
    chars += (queued[n] as XmlDocument).text.length;
    if (n > 0 && chars > MAX_RUN_CHARS) break;
    n++;
  }
  return queued.slice(0, n);
}

/**
 * Splits a batch into runs: within the argv and byte limits, at least one run per worker when
 * the batch is big enough to share, and a multiple of the workers when there are more runs, so
 * that no worker is left with a last run alone. Runs are balanced by length, which is what their
 * time follows.
 */
export function planRuns(docs: readonly XmlDocument[], parallel = PARALLEL_RUNS): XmlDocument[][] {
  let total = 0;
  for (const d of docs) total += d.text.length;
  let count = Math.max(
    Math.ceil(docs.length / MAX_RUN_DOCS),
    Math.ceil(total / MAX_RUN_CHARS),
    Math.min(parallel, Math.floor(docs.length / MIN_RUN_DOCS)),
    1,
  );
  if (count > parallel) count = Math.ceil(count / parallel) * parallel;
  const runs: XmlDocument[][] = [];
  let run: XmlDocument[] = [];
  let chars = 0;
  let done = 0;
  for (const doc of docs) {
    const size = doc.text.length;
    const left = count - runs.length;
    // Close the run at the limits, or once it holds its share of what is left.
    const share = (total - done) / left;
    if (
      run.length > 0 &&
      (run.length >= MAX_RUN_DOCS || chars + size > MAX_RUN_CHARS || (left > 1 && chars + size / 2 > share))
    ) {
      runs.push(run);
      done += chars;
      run = [];
      chars = 0;
    }
    run.push(doc);
    chars += size;
  }
  runs.push(run);
  return runs;
}

/**
 * Runs xmllint on chunks, one at a time in each of PARALLEL_RUNS lanes: the submitted ones in
 * order, then whatever `refill` hands over when a lane is free. drain() closes the lanes' workers.
 */
class RunPool {
  private readonly ready: (readonly XmlDocument[])[] = [];
  private readonly results: Promise<Map<string, string[]>>[] = [];
  private readonly lanes = Array.from({ length: PARALLEL_RUNS }, () => new Lane());
  /** Lanes that may run at once; fewer while the caller still renders on this thread. */
  lanesInUse = PARALLEL_RUNS;

  constructor(private readonly refill: () => readonly XmlDocument[] | undefined = () => undefined) {}

  submit(docs: readonly XmlDocument[]): void {
    this.ready.push(docs);
    this.pump();
  }

  /** Starts runs while a lane is free and there is something to check. */
  pump(): void {
    for (const lane of this.lanes) {
      if (this.lanes.filter((l) => l.busy).length >= this.lanesInUse) return;
      if (lane.busy) continue;
      const docs = this.ready.shift() ?? this.refill();
      if (docs === undefined || docs.length === 0) return;
      lane.busy = true;
      this.results.push(
        checkRun(docs, lane).finally(() => {
          lane.busy = false;
          this.pump();
        }),
      );
    }
  }

  /** Every run's problems, once all have ended (including runs started while waiting). */
  async drain(): Promise<Map<string, string[]>> {
    const problems = new Map<string, string[]>();
    try {
      // A run's successor is started before the run's promise settles, so it is listed by then.
      for (let i = 0; i < this.results.length; i++) {
        for (const [name, list] of await (this.results[i] as Promise<Map<string, string[]>>))
          problems.set(name, list);
      }
    } finally {
      for (const lane of this.lanes) lane.close();
    }
    return problems;
  }
}

/** What one xmllint run printed, and how it ended. */
interface RunOutput {
  /** xmllint's exit status; -1 when it did not end by itself (a trap, an abort, a dead worker). */
  readonly exitCode: number;
  readonly stderr: string;
  /** Bytes at the far end of the stack that were never written; unknown through validateXML(). */
  readonly stackUnused?: number;
}

interface RunFile {
  readonly fileName: string;
  readonly contents: Uint8Array;
}

/** Never rejects: whatever goes wrong refuses the run's documents instead. */
async function checkRun(docs: readonly XmlDocument[], lane: Lane): Promise<Map<string, string[]>> {
  let schema: SchemaFiles;
  try {
    schema = await schemaFiles();
  } catch (err) {
    return refuseAll(docs, `NewsML-G2 schema not readable in ${newsmlSchemaDir()}: ${messageOf(err)}`);
  }
  let out: RunOutput;
  try {
    const { files, bytes, largest } = encodeRun(docs);
    // The compiled schema and the one document being checked live in the WebAssembly memory
    // (the initial 16 MiB never grew for 1 600 messages of 12 KB); this ceiling is only a limit,
    // with room for one very large document.
    const maxPages = Math.min(
      memoryPages.max,
      memoryPages.defaultMaxMemoryPages + Math.ceil((largest * 16) / 65536),
    );
    const inputs = [
      ...files,
      { fileName: NEWSML_XSD, contents: schema.xsd },
      { fileName: XML_XSD, contents: schema.xml },
    ];
    // --nonet: never fetch anything. (This build has no XML catalogs, so no --nocatalogs.)
    const args = ['--nonet', '--schema', NEWSML_XSD, '--noout', ...files.map((f) => f.fileName)];
    out =
      (await lane.run(inputs, args, maxPages, runTimeoutMs(bytes))) ??
      (await viaValidateXml(files, schema, maxPages));
  } catch (err) {
    return refuseAll(docs, `xmllint could not run: ${messageOf(err)}`);
  }
  if (out.stackUnused !== undefined && out.stackUnused < STACK_MARGIN) {
    // Too close to the end of the stack to trust, whatever it printed: check the halves again,
    // each with a shorter argv.
    if (docs.length === 1) return refuseAll(docs, 'xmllint came too close to the end of its stack');
    const half = Math.ceil(docs.length / 2);
    const first = await checkRun(docs.slice(0, half), lane);
    return new Map([...first, ...(await checkRun(docs.slice(half), lane))]);
  }
  // Stopped by a trap or a dead worker: even verdicts printed before may come from corrupted memory.
  if (out.exitCode < 0)
    return refuseAll(docs, `xmllint stopped: ${out.stderr.trim().split('\n')[0] || 'no output'}`);
  return attribute(out.stderr, docs);
}

/** The public way, one worker per run: used when xmllint-wasm's module cannot be run directly. */
async function viaValidateXml(
  files: readonly RunFile[],
  schema: SchemaFiles,
  maxPages: number,
): Promise<RunOutput> {
  try {
    const result = await validateXML({
      xml: files,
      schema: { fileName: NEWSML_XSD, contents: schema.xsd },
      preload: { fileName: XML_XSD, contents: schema.xml },
      modifyArguments: (args) => ['--nonet', ...args],
      maxMemoryPages: maxPages,
    });
    return { exitCode: result.valid ? 0 : 3, stderr: result.rawOutput };
  } catch (err) {
    // Exit codes other than 0/3/4 (a parse error among them) arrive as an exception carrying
    // stderr; a worker that died, as its error without a code.
    const code = (err as { code?: unknown }).code;
    return { exitCode: typeof code === 'number' ? code : -1, stderr: messageOf(err) };
  }
}

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

function loadEngine(): Promise<Engine | undefined> {
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
  let ended = false;
  const end = (exitCode, note) => {
    if (ended) return;
    ended = true;
    const stack = new Uint8Array(memory.buffer, stackTop - stackSize, stackSize);
    let unused = 0;
    while (unused < stackSize && stack[unused] === 0) unused++;
    if (note) stderr += note + '\\n';
    parentPort.postMessage({ syndicate: true, exitCode, stderr, stackUnused: unused });
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
    print() {},
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
class Lane {
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
      else this.pending?.({ exitCode: m.exitCode, stderr: m.stderr, stackUnused: m.stackUnused });
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

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The run's documents as UTF-8, views of one shared buffer, under numbered names (a document's
 * own name can never be read as an option or a path). Bytes because xmllint-wasm encodes a string
 * in a JavaScript loop, which took as long as validating; one SharedArrayBuffer because the
 * worker then receives it without a copy on this thread.
 */
function encodeRun(docs: readonly XmlDocument[]): { files: RunFile[]; bytes: number; largest: number } {
  let bytes = 0;
  for (const d of docs) bytes += Buffer.byteLength(d.text);
  const buffer = new Uint8Array(new SharedArrayBuffer(bytes));
  const encoder = new TextEncoder();
  let at = 0;
  let largest = 0;
  const files = docs.map((d, i) => {
    const start = at;
    at += encoder.encodeInto(d.text, buffer.subarray(at)).written;
    largest = Math.max(largest, at - start);
    return { fileName: `doc${i}.xml`, contents: buffer.subarray(start, at) };
  });
  return { files, bytes, largest };
}

function attribute(raw: string, docs: readonly XmlDocument[]): Map<string, string[]> {
  const found = new Map<number, string[]>();
  const verdict = new Set<number>();
  const other: string[] = [];
  for (const line of raw.split('\n')) {
    const ok = /^doc(\d+)\.xml validates$/.exec(line);
    if (ok) {
      const i = Number(ok[1]);
      // A verdict twice, or for a file the run did not have: the output cannot be trusted at all.
      if (verdict.has(i) || i >= docs.length) return refuseAll(docs, `garbled xmllint output: ${line}`);
      verdict.add(i);
      continue;
    }
    const m = /^doc(\d+)\.xml:(\d+): (.*)$/.exec(line);
    if (m) {
      const i = Number(m[1]);
      // Element names without the NAR namespace in braces, which every message would repeat.
      const message = (m[3] as string).replaceAll(`{${NAR_NS}}`, '');
      found.set(i, [...(found.get(i) ?? []), `line ${m[2]}: ${message}`]);
      continue;
    }
    const failed = /^doc(\d+)\.xml fails to validate$/.exec(line);
    if (failed) {
      const i = Number(failed[1]);
      if (!found.has(i)) found.set(i, ['fails to validate']);
    } else if (line.trim() !== '') {
      other.push(line.trim());
    }
  }
  const problems = new Map<string, string[]>();
  docs.forEach((doc, i) => {
    const list = found.get(i);
    if (list) problems.set(doc.name, list);
    // No verdict at all: the schema did not compile, or xmllint stopped. Refuse rather than pass.
    else if (!verdict.has(i)) problems.set(doc.name, [`no verdict from xmllint: ${other[0] ?? 'no output'}`]);
  });
  return problems;
}

function refuseAll(docs: readonly XmlDocument[], reason: string): Map<string, string[]> {
  return new Map(docs.map((d) => [d.name, [reason]]));
}
