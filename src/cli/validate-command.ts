import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { checkJsonFeed } from '../publish/check-json-feed.js';
import { checkNewsml } from '../publish/check-newsml.js';
import { checkXmlWellFormed } from '../publish/check-xml.js';

// `syndicate validate [PATH...]`: the publish gate's checks, run on files already on disk
// (ours, or a partner's copy). The format is read from the content, never the file name.

type Kind = 'xml' | 'newsml' | 'jsonfeed' | 'broken-json';

interface Checked {
  readonly display: string;
  readonly label: string;
  readonly kind: Kind;
  readonly text: string;
}

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const NAR_NS = 'http://iptc.org/std/nar/2006-10-01/';
const NEWSML_ROOTS = new Set(['newsMessage', 'newsItem', 'packageItem']);

/** Runs `syndicate validate` from the command line's values: the output folder comes from the config. */
export async function validateCommand(
  paths: readonly string[],
  values: { config?: string; out?: string },
): Promise<number> {
  let defaultDir = values.out === undefined ? undefined : path.resolve(values.out);
  if (paths.length === 0 && defaultDir === undefined) {
    const { config, dir } = await loadConfig(path.resolve(values.config ?? 'syndicate.config.json'));
    defaultDir = path.resolve(dir, config.paths.out);
  }
  return runValidate(paths, (line) => process.stdout.write(`${line}\n`), defaultDir);
}

/**
 * Validates each file (folders recursively) and prints one line per file: `ok   feeds/rss.xml (RSS 2.0)`
 * or `FAIL feeds/x.xml (NewsML-G2): <first problem>`. Returns 1 when any file fails, else 0.
 */
export async function runValidate(
  paths: readonly string[],
  out: (line: string) => void,
  defaultDir = 'feeds',
): Promise<number> {
  const lines = new Map<string, string>();
  const checked: Checked[] = [];
  for (const target of paths.length ? paths : [defaultDir]) {
    const display = shown(target);
    let files: string[];
    try {
      files = (await stat(target)).isDirectory() ? await walk(target) : [target];
    } catch (err) {
      lines.set(
        display,
        `FAIL ${display}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
      continue;
    }
    if (files.length === 0) lines.set(display, `FAIL ${display}: no files to validate`);
    const explicit = files.length === 1 && files[0] === target;
    for (const file of files) {
      const name = shown(file);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        lines.set(
          name,
          `FAIL ${name}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        );
        continue;
      }
      const found = classify(file, text);
      if (found) checked.push({ display: name, text, ...found });
      else if (explicit || /\.(xml|json)$/i.test(file)) lines.set(name, `skip ${name} (not a feed)`);
    }
  }
  const problems = await check(checked);
  for (const c of checked) {
    const list = problems.get(c.display) ?? [];
    const more = list.length > 1 ? ` (and ${list.length - 1} more)` : '';
    lines.set(
      c.display,
      list.length ? `FAIL ${c.display} (${c.label}): ${list[0]}${more}` : `ok   ${c.display} (${c.label})`,
    );
  }
  const sorted = [...lines].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, line] of sorted) out(line);
  return sorted.some(([, line]) => line.startsWith('FAIL')) ? 1 : 0;
}

/** All checks in three batches: one xmllint run for plain XML, one (or a few) for the XSD. */
async function check(files: readonly Checked[]): Promise<Map<string, string[]>> {
  const docs = (kind: Kind) =>
    files.filter((f) => f.kind === kind).map((f) => ({ name: f.display, text: f.text }));
  const [xml, newsml] = await Promise.all([checkXmlWellFormed(docs('xml')), checkNewsml(docs('newsml'))]);
  const problems = new Map([...xml, ...newsml]);
  for (const f of files) {
    const list = f.kind === 'jsonfeed' || f.kind === 'broken-json' ? checkJsonFeed(f.text) : [];
    if (list.length) problems.set(f.display, list);
  }
  return problems;
}

/** The format by content: the XML root and its namespace, or the JSON Feed version URL. */
export function classify(file: string, text: string): { kind: Kind; label: string } | undefined {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('<') || /\.xml$/i.test(file)) {
    const root = rootElement(body);
    // An .xml file with no element (empty, cut short) is checked as XML, so a broken feed is not skipped.
    if (root === undefined) return /\.xml$/i.test(file) ? { kind: 'xml', label: 'XML' } : undefined;
    if (root.local === 'rss' && root.ns === undefined)
      return { kind: 'xml', label: `RSS ${root.version ?? ''}`.trim() };
    if (root.local === 'feed' && root.ns === ATOM_NS) return { kind: 'xml', label: 'Atom 1.0' };
    if (NEWSML_ROOTS.has(root.local) && root.ns === NAR_NS) return { kind: 'newsml', label: 'NewsML-G2' };
    return undefined;
  }
  if (!body.startsWith('{') && !/\.json$/i.test(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // A broken JSON file is reported, not skipped: it may be a feed that lost its end.
    return /\.json$/i.test(file) || body.includes('jsonfeed.org/version/')
      ? { kind: 'broken-json', label: 'JSON' }
      : undefined;
  }
  const version = (json as { version?: unknown } | null)?.version;
  const m =
    typeof version === 'string' ? /^https:\/\/jsonfeed\.org\/version\/(\d+(\.\d+)*)$/.exec(version) : null;
  return m ? { kind: 'jsonfeed', label: `JSON Feed ${m[1]}` } : undefined;
}

/** The first element after the prolog (declaration, comments, PIs, doctype), read without parsing. */
function rootElement(xml: string): { local: string; ns?: string; version?: string } | undefined {
  let rest = xml;
  for (;;) {
    rest = rest.trimStart();
    const skip = /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>)/i.exec(rest);
    if (!skip) break;
    rest = rest.slice(skip[0].length);
  }
  const m = /^<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)([^>]*)/.exec(rest);
  if (!m) return undefined;
  const [, prefix, local, attrs = ''] = m;
  const value = (name: string) => new RegExp(`(?:^|\\s)${name}\\s*=\\s*(["'])(.*?)\\1`).exec(attrs)?.[2];
  const ns = value(prefix === undefined ? 'xmlns' : `xmlns:${prefix}`);
  const version = value('version');
  return {
    local: local as string,
    ...(ns === undefined ? {} : { ns }),
    ...(version === undefined ? {} : { version }),
  };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(full)));
    else if (e.isFile()) files.push(full);
  }
  return files;
}

/** Relative to the working folder, with `/`, as a user would type it. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}
