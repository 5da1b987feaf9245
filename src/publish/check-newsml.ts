import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { memoryPages, validateXML } from 'xmllint-wasm';
import type { XmlDocument } from './check-xml.js';

// NewsML-G2 documents against the IPTC 2.35 "All-Power" XSD (newsml-g2.md, Validating), by
// libxml2 in WebAssembly, so no machine needs xmllint installed.

export const NEWSML_XSD = 'NewsML-G2_2.35-spec-All-Power.xsd';
/** The schema imports xml.xsd by the relative name "xml.xsd", so both sit in one folder. */
const XML_XSD = 'xml.xsd';
const NAR_NS = 'http://iptc.org/std/nar/2006-10-01/';

/**
 * Documents per xmllint run. Each run starts a worker and compiles the 330 KB schema (0.1-0.4 s),
 * so bigger runs are cheaper, but xmllint-wasm 5.3 puts argv on a small stack: from ~3 200 file
 * names a run returns garbage or never ends (measured). 1 000 keeps a wide margin. Measured on a
 * shared two-core machine: 10 000 messages of ~15 KB in 6-10 s (1 000-1 600 messages/s, ~0.9 ms
 * of CPU each); 500 per run was half as fast.
 */
const CHUNK_DOCS = 1000;
/** Runs in parallel, each in its own worker thread. */
const PARALLEL_RUNS = Math.max(2, Math.min(4, availableParallelism()));

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

interface SchemaFiles {
  readonly xsd: string;
  readonly xml: string;
}

let cached: { dir: string; files: Promise<SchemaFiles> } | undefined;

/** Reads the two schema files once per process (per folder, so a test can point elsewhere). */
function schemaFiles(): Promise<SchemaFiles> {
  const dir = newsmlSchemaDir();
  if (cached?.dir !== dir) {
    const files = Promise.all([
      readFile(path.join(dir, NEWSML_XSD), 'utf8'),
      readFile(path.join(dir, XML_XSD), 'utf8'),
    ]).then(([xsd, xml]) => ({ xsd, xml }));
    // A failed read is not cached, so fixing the folder needs no restart.
    files.catch(() => {
      if (cached?.files === files) cached = undefined;
    });
    cached = { dir, files };
  }
  return cached.files;
}

/**
 * Validates every document against the XSD, in as few xmllint runs as the batch needs.
 * Returns the problems per document name; a name absent from the map passed. A document passes
 * only when xmllint says "validates" and prints nothing else about it: libxml2 reports
 * namespace errors without failing, and a partner's parser may be stricter.
 */
export async function checkNewsml(docs: readonly XmlDocument[]): Promise<Map<string, string[]>> {
  const problems = new Map<string, string[]>();
  if (docs.length === 0) return problems;
  let schema: SchemaFiles;
  try {
    schema = await schemaFiles();
  } catch (err) {
    const message = `NewsML-G2 schema not readable in ${newsmlSchemaDir()}: ${(err as Error).message}`;
    for (const d of docs) problems.set(d.name, [message]);
    return problems;
  }
  const chunks: (readonly XmlDocument[])[] = [];
  for (let i = 0; i < docs.length; i += CHUNK_DOCS) chunks.push(docs.slice(i, i + CHUNK_DOCS));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++] as readonly XmlDocument[];
      for (const [name, list] of await checkChunk(chunk, schema)) problems.set(name, list);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_RUNS, chunks.length) }, worker));
  return problems;
}

async function checkChunk(docs: readonly XmlDocument[], schema: SchemaFiles): Promise<Map<string, string[]>> {
  // Numbered names: a document's own name can never be read as an option or a path.
  const files = docs.map((d, i) => ({ fileName: `doc${i}.xml`, contents: d.text }));
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0);
  // Files live outside the WebAssembly memory; the schema and one parsed document live inside.
  // The ceiling is generous (it is only a limit): the compiled schema plus room for a large document.
  const pages = Math.min(memoryPages.max, memoryPages.defaultMaxMemoryPages + Math.ceil((bytes * 4) / 65536));
  let raw: string;
  try {
    const result = await validateXML({
      xml: files,
      schema: { fileName: NEWSML_XSD, contents: schema.xsd },
      preload: { fileName: XML_XSD, contents: schema.xml },
      // --nonet: never fetch anything. (This build has no XML catalogs, so no --nocatalogs.)
      modifyArguments: (args) => ['--nonet', ...args],
      maxMemoryPages: pages,
    });
    raw = result.rawOutput;
  } catch (err) {
    // Exit codes other than 0/3/4 (a parse error among them) arrive as an exception carrying stderr.
    raw = (err as Error).message;
  }
  return attribute(raw, docs);
}

function attribute(raw: string, docs: readonly XmlDocument[]): Map<string, string[]> {
  const found = new Map<number, string[]>();
  const verdict = new Set<number>();
  const other: string[] = [];
  for (const line of raw.split('\n')) {
    const ok = /^doc(\d+)\.xml validates$/.exec(line);
    if (ok) {
      verdict.add(Number(ok[1]));
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
