import { availableParallelism } from 'node:os';
import { validateXML } from 'xmllint-wasm';
import type { XmlDocument } from './check-xml.js';
import { encodeJoined } from './encode-chunks.js';
import { NEWSML_XSD, type SchemaFiles, XML_XSD } from './newsml-schema-files.js';
import { takeRoom } from './run-rooms.js';

// How a batch is cut into xmllint runs, what a run hands xmllint and how its output is read.

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
/**
 * Most text in one run, in UTF-16 code units (bytes, for Latin text; counted without encoding).
 * The files sit in Emscripten's in-memory file system, in the worker's JavaScript heap; xmllint
 * parses, checks and frees one document at a time, so WebAssembly memory does not grow with a run.
 */
const MAX_RUN_CHARS = 24_000_000;
/** Below this, a second lane's run costs more than sharing the batch with it saves. */
const MIN_RUN_DOCS = 200;
/** Runs in parallel, each lane in its own worker thread. */
export const PARALLEL_RUNS = Math.max(2, Math.min(4, availableParallelism()));
/**
 * For a batch handed over as it is rendered (startNewsmlCheck): a free lane starts a run once
 * this many are queued, so validating overlaps rendering while each run still spreads its start.
 */
export const STREAM_RUN_DOCS = 1000;
/**
 * A run that takes longer than this has hung (a minute, plus a second per MB: some fifty times
 * what a loaded machine needs): its worker is stopped and its documents refused.
 */
export const runTimeoutMs = (bytes: number) => 60_000 + bytes / 1_000;

/** The longest run the limits allow from the start of the queue. */
export function firstRun(queued: readonly XmlDocument[]): XmlDocument[] {
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

/** What one xmllint run printed, and how it ended. */
export interface RunOutput {
  /** xmllint's exit status; -1 when it did not end by itself (a trap, an abort, a dead worker). */
  readonly exitCode: number;
  readonly stderr: string;
  /** What it printed to standard output, up to a few kilobytes (an XPath result, say). */
  readonly stdout?: string;
  /** Bytes at the far end of the stack that were never written; unknown through validateXML(). */
  readonly stackUnused?: number;
}

export interface RunFile {
  readonly fileName: string;
  readonly contents: Uint8Array;
}
/** The public way, one worker per run: used when xmllint-wasm's module cannot be run directly. */
export async function viaValidateXml(
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
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The run's documents as UTF-8, views of one shared buffer, under numbered names (a document's
 * own name can never be read as an option or a path). Bytes because xmllint-wasm encodes a string
 * in a JavaScript loop, which took as long as validating; one SharedArrayBuffer because the
 * worker then receives it without a copy on this thread.
 */
export function encodeRun(docs: readonly XmlDocument[]): {
  files: RunFile[];
  bytes: number;
  largest: number;
  room: Uint8Array;
} {
  let bytes = 0;
  for (const d of docs) bytes += Buffer.byteLength(d.text);
  const buffer = takeRoom(bytes);
  const encoder = new TextEncoder();
  let at = 0;
  let largest = 0;
  const files = docs.map((d, i) => {
    const start = at;
    at += encoder.encodeInto(d.text, buffer.subarray(at)).written;
    largest = Math.max(largest, at - start);
    return { fileName: `doc${i}.xml`, contents: buffer.subarray(start, at) };
  });
  return { files, bytes, largest, room: buffer };
}

/** One document made of pieces, encoded straight into shared memory. */
export function encodePieces(pieces: readonly (string | Uint8Array)[]): {
  files: RunFile[];
  bytes: number;
  room: Uint8Array;
} {
  const contents = encodeJoined(pieces, takeRoom);
  return { files: [{ fileName: 'doc0.xml', contents }], bytes: contents.length, room: contents };
}

export function attribute(raw: string, docs: readonly XmlDocument[]): Map<string, string[]> {
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

export function refuseAll(docs: readonly XmlDocument[], reason: string): Map<string, string[]> {
  return new Map(docs.map((d) => [d.name, [reason]]));
}
