import { memoryPages, validateXML } from 'xmllint-wasm';
import { refuseDoctypes } from './refuse-doctype.js';

export interface XmlDocument {
  readonly name: string;
  readonly text: string;
}

/**
 * Strict well-formedness by libxml2 (xmllint-wasm), one worker for the whole batch.
 * libxml2 reports an undeclared prefix as a "namespace error" yet still exits 0, so any
 * message about a document fails it: an aggregator's parser may be just as strict.
 * Returns the problems per document name; a name absent from the map passed.
 */
export async function checkXmlWellFormed(batch: readonly XmlDocument[]): Promise<Map<string, string[]>> {
  const { parse: docs, refused: problems } = refuseDoctypes(batch);
  if (docs.length === 0) return problems;
  // xmllint sees numbered names so a document's own name cannot be taken for an option or path.
  const files = docs.map((d, i) => ({ fileName: `doc${i}.xml`, contents: d.text }));
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0);
  const pages = Math.min(
    memoryPages.max,
    Math.max(memoryPages.defaultMaxMemoryPages, Math.ceil((bytes * 4) / 65536) + 512),
  );
  let raw: string;
  try {
    const result = await validateXML({
      xml: files,
      // The typings demand a schema or a normalisation; swap the latter for --noout to parse only.
      // --nonet keeps a hostile DTD from fetching anything.
      normalization: 'format',
      modifyArguments: (args) => ['--nonet', ...args.map((a) => (a === '--format' ? '--noout' : a))],
      maxMemoryPages: pages,
    });
    raw = result.rawOutput;
  } catch (err) {
    // Exit codes other than 0/3/4 (parse errors among them) arrive as an exception carrying stderr.
    raw = (err as Error).message;
  }
  for (const line of raw.split('\n')) {
    const m = /^doc(\d+)\.xml:(\d+): (.*)$/.exec(line);
    if (!m) continue;
    const doc = docs[Number(m[1])];
    if (!doc) continue;
    const list = problems.get(doc.name) ?? [];
    list.push(`line ${m[2]}: ${m[3]}`);
    problems.set(doc.name, list);
  }
  if (raw.trim() !== '' && docs.every((d) => !problems.has(d.name))) {
    // Output we could not attribute: refuse everything rather than publish unchecked.
    for (const d of docs) problems.set(d.name, [`XML check failed: ${raw.trim().split('\n')[0]}`]);
  }
  return problems;
}
