import { memoryPages, validateXML } from 'xmllint-wasm';
import { Lane, STACK_MARGIN } from './newsml-check-lane.js';
import { encodeRun, messageOf, PARALLEL_RUNS, type RunOutput, runTimeoutMs } from './newsml-check-runs.js';
import { refuseDoctypes } from './refuse-doctype.js';
import { giveBackAfter } from './run-rooms.js';

export interface XmlDocument {
  readonly name: string;
  readonly text: string;
}

// Lanes kept between calls: each holds a worker with xmllint's module already compiled, so a
// small check costs milliseconds instead of a new worker and a compile (~170 ms) every time.
// An idle lane's worker is unreferenced and never keeps the process alive.
const idle: Lane[] = [];
const KEEP_LANES = 2;
/**
 * Lanes busy at once at most: each is a thread with its own WebAssembly memory, and batches
 * checked side by side would otherwise start more of them than the machine has cores.
 */
const MAX_BUSY = Math.max(KEEP_LANES, PARALLEL_RUNS);
let busy = 0;
const waiting: (() => void)[] = [];

/**
 * Strict well-formedness by libxml2 (xmllint-wasm's module, in a worker), after refusing any
 * document with a DOCTYPE (refuse-doctype.ts: no entity is ever expanded). libxml2 reports an
 * undeclared prefix as a "namespace error" yet still exits 0, so any message about a document
 * fails it: an aggregator's parser may be just as strict. Returns the problems per document
 * name; a name absent from the map passed.
 */
export async function checkXmlWellFormed(batch: readonly XmlDocument[]): Promise<Map<string, string[]>> {
  const { parse: docs, refused } = refuseDoctypes(batch);
  if (docs.length === 0) return refused;
  const problems = await withLane((lane) => checkRun(docs, lane));
  for (const [name, list] of refused) problems.set(name, list);
  return problems;
}

/** Runs `use` on a kept lane, or a new one, and keeps the lane for the next call. */
export async function withLane<T>(use: (lane: Lane) => Promise<T>): Promise<T> {
  // A lane let go is handed straight to the first caller waiting, which then counts as busy.
  if (busy < MAX_BUSY) busy++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  const lane = idle.pop() ?? new Lane();
  try {
    return await use(lane);
  } finally {
    if (idle.length < KEEP_LANES) idle.push(lane);
    else lane.close();
    const next = waiting.shift();
    if (next) next();
    else busy--;
  }
}

async function checkRun(docs: readonly XmlDocument[], lane: Lane): Promise<Map<string, string[]>> {
  // Numbered names, so a document's own name cannot be taken for an option or a path.
  const { files, bytes, room } = encodeRun(docs);
  const maxPages = memoryPagesFor(bytes);
  // --nonet keeps a hostile DTD from fetching anything; --noout parses only.
  const args = ['--nonet', '--noout', ...files.map((f) => f.fileName)];
  let out: RunOutput;
  try {
    out =
      (await lane.run(files, args, maxPages, runTimeoutMs(bytes))) ?? (await viaValidateXml(docs, maxPages));
  } catch (err) {
    return refuse(docs, `XML check failed: ${messageOf(err)}`);
  }
  giveBackAfter(room, out);
  if (out.stackUnused !== undefined && out.stackUnused < STACK_MARGIN) {
    // Too deep to trust whatever it printed: check the halves again, each with a shorter argv.
    if (docs.length === 1) return refuse(docs, 'XML check came too close to the end of its stack');
    const half = Math.ceil(docs.length / 2);
    const first = await checkRun(docs.slice(0, half), lane);
    return new Map([...first, ...(await checkRun(docs.slice(half), lane))]);
  }
  if (out.exitCode < 0)
    return refuse(docs, `XML check stopped: ${out.stderr.trim().split('\n')[0] || 'no output'}`);
  return attribute(out.stderr, docs);
}

function attribute(raw: string, docs: readonly XmlDocument[]): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  for (const line of raw.split('\n')) {
    const m = /^doc(\d+)\.xml:(\d+): (.*)$/.exec(line);
    if (!m) continue;
    const doc = docs[Number(m[1])];
    if (!doc) continue;
    const list = problems.get(doc.name) ?? [];
    list.push(`line ${m[2]}: ${m[3]}`);
    problems.set(doc.name, list);
  }
  if (raw.trim() !== '' && problems.size === 0) {
    // Output we could not attribute: refuse everything rather than publish unchecked.
    return refuse(docs, `XML check failed: ${raw.trim().split('\n')[0]}`);
  }
  return problems;
}

/** WebAssembly pages for parsing `bytes` of XML: room for four times the text, within the module's limit. */
export function memoryPagesFor(bytes: number): number {
  return Math.min(
    memoryPages.max,
    Math.max(memoryPages.defaultMaxMemoryPages, Math.ceil((bytes * 4) / 65536) + 512),
  );
}

function refuse(docs: readonly XmlDocument[], reason: string): Map<string, string[]> {
  return new Map(docs.map((d) => [d.name, [reason]]));
}

/** The public way, one worker per call: used when xmllint-wasm's module cannot be run directly. */
async function viaValidateXml(docs: readonly XmlDocument[], maxPages: number): Promise<RunOutput> {
  const xml = docs.map((d, i) => ({ fileName: `doc${i}.xml`, contents: d.text }));
  try {
    const result = await validateXML({
      xml,
      // The typings demand a schema or a normalisation; swap the latter for --noout to parse only.
      normalization: 'format',
      modifyArguments: (args) => ['--nonet', ...args.map((a) => (a === '--format' ? '--noout' : a))],
      maxMemoryPages: maxPages,
    });
    return { exitCode: 0, stderr: result.rawOutput };
  } catch (err) {
    // Exit codes other than 0/3/4 (parse errors among them) arrive as an exception carrying stderr.
    return { exitCode: 1, stderr: messageOf(err) };
  }
}
