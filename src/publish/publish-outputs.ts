import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { mapLimit } from '../records/map-limit.js';
import { checkJsonFeed } from './check-json-feed.js';
import { checkNewsml } from './check-newsml.js';
import { checkByParts } from './check-parts.js';
import { checkXmlWellFormed } from './check-xml.js';
import { nodeWriteFs, syncFolder, type WriteFs, writeAtomic } from './write-atomic.js';

export type OutputKind = 'rss' | 'atom' | 'jsonfeed' | 'newsml' | 'xml' | 'json' | 'html';

interface OutputFile {
  /** Relative to the output folder, with `/` separators. */
  readonly path: string;
  readonly kind: OutputKind;
  /**
   * For a feed document: the document is exactly the skeleton with these items put in between
   * its head and its tail, so checking the parts stands for checking the document.
   */
  readonly parts?: OutputParts;
}

/** A file to publish, as text, or as UTF-8 when it is checked by its parts. */
export type Output = WholeOutput | (OutputFile & { readonly bytes: Buffer; readonly parts: OutputParts });

export type WholeOutput = OutputFile & { readonly text: string };

export interface OutputParts {
  /** The document with no items, checked whole. */
  readonly skeleton: string;
  /**
   * Which text an item key stands for: format, content mode and settings. The same kind and
   * key always mean the same item text.
   */
  readonly kind: string;
  /** The document's items that have not passed a check yet (`itemChecked`); the rest have. */
  readonly items: readonly ItemPart[];
  /** Namespace declarations the document puts in scope for its item at `index` (XML formats). */
  readonly scopeOf: (index: number) => string;
}

/** One item of a feed document. */
export interface ItemPart {
  /** The story's content hash: with the document's `kind`, it names this text. */
  readonly key: string;
  /** Its place among the document's items. */
  readonly index: number;
  /** The story's record id, to name the item in a problem. */
  readonly story: string;
  /**
   * Its UTF-8, a view of the document's own bytes: an item held as a string until its check
   * outlived the young generation, so every new item's text was garbage in the old one.
   */
  readonly bytes: Buffer;
}

export interface PublishReport {
  readonly written: string[];
  readonly unchanged: string[];
  /** Outputs refused by verification or by the disk; their previous version stays. */
  readonly failed: { path: string; problems: string[] }[];
}

/**
 * Writes the outputs whose bytes differ from what is published, each only after it
 * passes its format's check. Unchanged files are neither checked again nor touched;
 * a refused output leaves its previous good version in place.
 */
export async function publishOutputs(
  outDir: string,
  outputs: readonly Output[],
  // Tests pass a file system that fails (ENOSPC, EIO) to show the previous files stay served.
  opts: { readonly fs?: WriteFs } = {},
): Promise<PublishReport> {
  const root = path.resolve(outDir);
  const report: PublishReport = { written: [], unchanged: [], failed: [] };
  const changed: { out: Output; target: string; bytes: Buffer }[] = [];
  // Compared 16 at a time: one by one, a cold build of thousands of files waits on each read.
  const present = new Map<string, ReadonlySet<string>>();
  const compared = await mapLimit(outputs, 16, async (out) => {
    const target = safeTarget(root, out.path);
    if (target === undefined) return { out, refused: true as const };
    const bytes = bytesOf(out);
    return { out, target, bytes, same: await sameBytes(target, bytes, present) };
  });
  for (const c of compared) {
    if ('refused' in c)
      report.failed.push({ path: c.out.path, problems: ['path leads outside the output folder'] });
    else if (c.same) report.unchanged.push(c.out.path);
    else changed.push({ out: c.out, target: c.target, bytes: c.bytes });
  }
  const problems = await verify(changed.map((c) => c.out));
  // Only outputs that passed get a folder: a refused one must leave no trace.
  const folders = new Set(
    changed.filter((c) => !problems.get(c.out.path)?.length).map((c) => path.dirname(c.target)),
  );
  // A folder that cannot be made fails the writes into it, each reported on its own.
  const fs = opts.fs ?? nodeWriteFs;
  await Promise.all([...folders].map((dir) => fs.mkdir(dir, { recursive: true }).catch(() => undefined)));
  // Several writes in flight: each waits on its fsyncs, which the disk serves together.
  const outcomes = await mapLimit(changed, 8, async ({ out, target, bytes }) => {
    const found = problems.get(out.path);
    if (found?.length) return { path: out.path, problems: found };
    try {
      await writeAtomic(target, bytes, fs, { folderExists: true, deferFolderSync: true });
      return undefined;
    } catch (err) {
      return { path: out.path, problems: [`write failed: ${(err as Error).message}`] };
    }
  });
  // One fsync per folder makes this batch's renames durable, instead of one per file.
  await mapLimit([...folders], 8, (dir) => syncFolder(dir, fs));
  changed.forEach(({ out }, i) => {
    const failure = outcomes[i];
    if (failure) report.failed.push(failure);
    else report.written.push(out.path);
  });
  return report;
}

async function verify(outputs: readonly Output[]): Promise<Map<string, string[]>> {
  const doc = (o: WholeOutput) => ({ name: o.path, text: o.text });
  const whole = outputs.filter((o): o is WholeOutput => o.parts === undefined);
  const wellFormed = whole.filter((o) => o.kind === 'rss' || o.kind === 'atom' || o.kind === 'xml');
  // libxml2 and the XSD run in workers; the JSON checks run here meanwhile.
  const workers = Promise.all([
    checkXmlWellFormed(wellFormed.map(doc)),
    checkNewsml(whole.filter((o) => o.kind === 'newsml').map(doc)),
    checkByParts(outputs),
  ]);
  const problems = new Map<string, string[]>();
  for (const o of whole) {
    if (o.kind === 'jsonfeed') {
      const errors = checkJsonFeed(o.text);
      if (errors.length) problems.set(o.path, errors);
    } else if (o.kind === 'json') {
      try {
        JSON.parse(o.text);
      } catch (err) {
        problems.set(o.path, [`not JSON: ${(err as Error).message}`]);
      }
    }
  }
  const [xml, newsml, parted] = await workers;
  for (const [name, found] of [...xml, ...newsml, ...parted]) problems.set(name, found);
  return problems;
}

/** Resolves a relative output path, or undefined when it would land outside the folder. */
export function safeTarget(root: string, relative: string): string | undefined {
  if (relative === '' || path.isAbsolute(relative) || relative.includes('\0') || relative.includes('\\'))
    return undefined;
  const target = path.resolve(root, relative);
  return target.startsWith(root + path.sep) ? target : undefined;
}

const encoded = new WeakMap<Output, Buffer>();

/** The output as UTF-8, encoded once for the comparison, the write and the manifest's hash. */
export function bytesOf(out: Output): Buffer {
  if ('bytes' in out) return out.bytes;
  let bytes = encoded.get(out);
  if (bytes === undefined) {
    bytes = Buffer.from(out.text, 'utf8');
    encoded.set(out, bytes);
  }
  return bytes;
}

/**
 * The names in a folder, listed once per call, so a file that is not there costs no open: on a
 * cold build, that is every file. Synchronous: a missing folder costs one stat, no exception.
 */
function namesIn(dir: string, present: Map<string, ReadonlySet<string>>): ReadonlySet<string> {
  let names = present.get(dir);
  if (names === undefined) {
    try {
      names = statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? new Set(readdirSync(dir)) : new Set();
    } catch {
      names = new Set(); // unreadable: compare nothing, write
    }
    present.set(dir, names);
  }
  return names;
}

/** Whether the file already holds these bytes. */
async function sameBytes(
  file: string,
  bytes: Buffer,
  present: Map<string, ReadonlySet<string>>,
): Promise<boolean> {
  if (!namesIn(path.dirname(file), present).has(path.basename(file))) return false;
  try {
    const current = await readFile(file);
    return current.equals(bytes);
  } catch {
    return false; // absent or unreadable: write it
  }
}
