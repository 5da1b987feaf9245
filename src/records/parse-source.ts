import { parseDocument } from 'yaml';
import { findDuplicateKey } from './json-duplicate-keys.js';
import { MAX_RECORD_DEPTH, nestsDeeperThan } from './nesting-depth.js';

// Turns one file's bytes into a raw record object, or one message saying why not.

export type ParsedSource =
  | { ok: true; value: unknown; body?: string }
  | { ok: false; message: string; path?: string };

export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  if (bytes.length === 0) return { ok: false, message: 'empty file' };
  if (bytes.includes(0)) return { ok: false, message: 'binary file (contains NUL bytes), not a text record' };
  try {
    // A leading BOM is legal UTF-8 noise; the fatal decoder rejects anything that is not UTF-8.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    if (text.trim() === '') return { ok: false, message: 'empty file (only white space)' };
    return { ok: true, text };
  } catch {
    return { ok: false, message: 'not valid UTF-8 text' };
  }
}

export function parseJsonRecord(text: string): ParsedSource {
  if (nestsDeeperThan(text, MAX_RECORD_DEPTH, 'json'))
    return { ok: false, message: `JSON nested deeper than ${MAX_RECORD_DEPTH} levels, not parsed` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // V8 quotes the input around the error; one diagnostic stays one line.
    return { ok: false, message: `malformed JSON: ${(err as Error).message.replace(/\s+/g, ' ')}` };
  }
  const duplicate = findDuplicateKey(text, value);
  if (duplicate !== undefined) {
    return {
      ok: false,
      path: duplicate,
      message: 'key given twice in the same object; which value is meant is unclear',
    };
  }
  return { ok: true, value };
}

const MAX_FRONT_MATTER_CHARS = 1024 * 1024;
const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** `.md` form: YAML front matter between `---` lines, then the Markdown body. */
export function parseMarkdownRecord(text: string): ParsedSource {
  const m = FRONT_MATTER.exec(text);
  if (!m)
    return {
      ok: false,
      message: 'missing YAML front matter: the file must start with a --- line and close it with another',
    };
  const yaml = m[1] ?? '';
  // A record's fields fit in a few kilobytes; the body, after the front matter, has its own limit.
  if (yaml.length > MAX_FRONT_MATTER_CHARS)
    return {
      ok: false,
      message: `YAML front matter is ${yaml.length} characters; the limit is ${MAX_FRONT_MATTER_CHARS}`,
    };
  if (nestsDeeperThan(yaml, MAX_RECORD_DEPTH, 'yaml'))
    return {
      ok: false,
      message: `YAML front matter nested deeper than ${MAX_RECORD_DEPTH} levels, not parsed`,
    };
  const doc = parseDocument(yaml, {
    // Core schema: dates and "yes"/"no" stay strings, so nothing is coerced behind the author's back.
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: true,
  });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    // +1: the opening --- line sits above the YAML the parser saw; the file's line is what an editor shows.
    const where = pos ? ` at line ${pos.line + 1}, column ${pos.col}` : '';
    const what = firstLine(e.message).replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, message: `malformed YAML front matter${where}: ${what}` };
  }
  // An unknown tag (!!js/function, !!binary) asks for a type a record never holds; the yaml
  // package only warns and keeps the string, which would hide what the author meant.
  const warning = doc.warnings[0];
  if (warning) {
    const what = firstLine(warning.message).replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, message: `YAML front matter rejected: ${what}` };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    return { ok: false, message: `YAML front matter rejected: ${firstLine((err as Error).message)}` };
  }
  const body = text.slice(m[0].length);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'body' in value) {
    return { ok: false, message: 'body: goes after the front matter in a .md record, not inside it' };
  }
  return { ok: true, value, body };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
