import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkJsonFeed } from './check-json-feed.js';
import { checkNewsml } from './check-newsml.js';
import { checkXmlWellFormed } from './check-xml.js';
import { nodeWriteFs, type WriteFs, writeAtomic } from './write-atomic.js';

export type OutputKind = 'rss' | 'atom' | 'jsonfeed' | 'newsml' | 'xml' | 'json' | 'html';

export interface Output {
  /** Relative to the output folder, with `/` separators. */
  readonly path: string;
  readonly kind: OutputKind;
  readonly text: string;
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
  for (const out of outputs) {
    const target = safeTarget(root, out.path);
    if (target === undefined) {
      report.failed.push({ path: out.path, problems: ['path leads outside the output folder'] });
      continue;
    }
    const bytes = Buffer.from(out.text, 'utf8');
    if (await sameBytes(target, bytes)) report.unchanged.push(out.path);
    else changed.push({ out, target, bytes });
  }
  const problems = await verify(changed.map((c) => c.out));
  for (const { out, target, bytes } of changed) {
    const found = problems.get(out.path);
    if (found?.length) {
      report.failed.push({ path: out.path, problems: found });
      continue;
    }
    try {
      await writeAtomic(target, bytes, opts.fs ?? nodeWriteFs);
      report.written.push(out.path);
    } catch (err) {
      report.failed.push({ path: out.path, problems: [`write failed: ${(err as Error).message}`] });
    }
  }
  return report;
}

async function verify(outputs: readonly Output[]): Promise<Map<string, string[]>> {
  const doc = (o: Output) => ({ name: o.path, text: o.text });
  const wellFormed = outputs.filter((o) => o.kind === 'rss' || o.kind === 'atom' || o.kind === 'xml');
  const [xml, newsml] = await Promise.all([
    checkXmlWellFormed(wellFormed.map(doc)),
    checkNewsml(outputs.filter((o) => o.kind === 'newsml').map(doc)),
  ]);
  const problems = new Map([...xml, ...newsml]);
  for (const o of outputs) {
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
  return problems;
}

/** Resolves a relative output path, or undefined when it would land outside the folder. */
export function safeTarget(root: string, relative: string): string | undefined {
  if (relative === '' || path.isAbsolute(relative) || relative.includes('\0') || relative.includes('\\'))
    return undefined;
  const target = path.resolve(root, relative);
  return target.startsWith(root + path.sep) ? target : undefined;
}

async function sameBytes(file: string, bytes: Buffer): Promise<boolean> {
  try {
    const current = await readFile(file);
    return current.equals(bytes);
  } catch {
    return false; // absent or unreadable: write it
  }
}
