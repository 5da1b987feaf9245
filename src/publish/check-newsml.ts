import { memoryPages } from 'xmllint-wasm';
import type { XmlDocument } from './check-xml.js';
import { Lane, loadEngine, STACK_MARGIN } from './newsml-check-lane.js';
import {
  attribute,
  encodeRun,
  firstRun,
  messageOf,
  PARALLEL_RUNS,
  planRuns,
  type RunOutput,
  refuseAll,
  runTimeoutMs,
  STREAM_RUN_DOCS,
  viaValidateXml,
} from './newsml-check-runs.js';
import {
  NEWSML_XSD,
  newsmlSchemaDir,
  type SchemaFiles,
  schemaFiles,
  XML_XSD,
} from './newsml-schema-files.js';
import { DOCTYPE_REFUSED, hasDoctype, refuseDoctypes } from './refuse-doctype.js';
import { giveBackAfter } from './run-rooms.js';

// NewsML-G2 documents against the IPTC 2.35 "All-Power" XSD (newsml-g2.md, Validating), by
// libxml2 in WebAssembly, so no machine needs xmllint installed.
//
// xmllint-wasm's validateXML() starts a worker per call, compiles the WebAssembly afresh and runs
// xmllint once. Here a worker per parallel lane runs xmllint-wasm's own xmllint (its Emscripten
// module, pinned at 5.3.0) run after run, from one compiled module: runs after the first skip the
// worker start and the compile, and find the WebAssembly already optimised by V8, which made the
// same documents take 35-40% less CPU. Should that module ever not load as expected, each run
// falls back to validateXML(), with the same verdicts.
export { stackPointerStart } from './newsml-check-lane.js';
export { MAX_RUN_DOCS, planRuns } from './newsml-check-runs.js';
export { NEWSML_XSD, newsmlSchemaDir } from './newsml-schema-files.js';

/**
 * Validates every document against the XSD, in as few xmllint runs as the batch needs, spread
 * over parallel workers. Returns the problems per document name; a name absent from the map
 * passed. A document passes only when xmllint says "validates" and prints nothing else about it:
 * libxml2 reports namespace errors without failing, and a partner's parser may be stricter.
 */
export async function checkNewsml(batch: readonly XmlDocument[]): Promise<Map<string, string[]>> {
  const { parse: docs, refused } = refuseDoctypes(batch);
  if (docs.length === 0) return refused;
  const pool = new RunPool();
  for (const run of planRuns(docs)) pool.submit(run);
  const problems = await pool.drain();
  for (const [name, list] of refused) problems.set(name, list);
  return problems;
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
  const refused = new Map<string, string[]>();
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
      if (hasDoctype(doc.text)) {
        refused.set(doc.name, [DOCTYPE_REFUSED]);
        return;
      }
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
      return pool.drain().then((problems) => new Map([...problems, ...refused]));
    },
  };
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
/** Never rejects: whatever goes wrong refuses the run's documents instead. */
async function checkRun(docs: readonly XmlDocument[], lane: Lane): Promise<Map<string, string[]>> {
  let schema: SchemaFiles;
  try {
    schema = await schemaFiles();
  } catch (err) {
    return refuseAll(docs, `NewsML-G2 schema not readable in ${newsmlSchemaDir()}: ${messageOf(err)}`);
  }
  let out: RunOutput;
  let room: Uint8Array;
  try {
    const run = encodeRun(docs);
    room = run.room;
    const { files, bytes, largest } = run;
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
  giveBackAfter(room, out);
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
