import { fieldPath } from './field-path.js';

// JSON.parse keeps the last of two equal keys without a word; a CMS export that writes a field
// twice has lost track of which value it meant, so the record is refused as YAML's is.

interface Frame {
  readonly parent: Frame | undefined;
  /** Keys seen so far in an object; undefined for an array. */
  readonly keys: Set<string> | undefined;
  index: number;
  key: string;
  expectKey: boolean;
}

/**
 * The field path of the first key given twice in one object of `text`, which must be valid JSON
 * and parse to `value`. When the text holds as many keys as the parsed objects do, none was
 * repeated: counted in one scan, that is what almost every record costs.
 */
export function findDuplicateKey(text: string, value: unknown): string | undefined {
  if (countKeys(value) === countKeysInText(text)) return undefined;
  return locateDuplicateKey(text);
}

/**
 * Keys written in `text` (valid JSON): in valid JSON only a key is followed by a colon. Strings
 * are skipped with indexOf, several times faster than a regular expression over two-byte text.
 */
function countKeysInText(text: string): number {
  let n = 0;
  for (let open = text.indexOf('"'); open !== -1; ) {
    let close = text.indexOf('"', open + 1);
    // A quote preceded by an odd run of backslashes is escaped, part of the string.
    while (close !== -1 && escaped(text, close)) close = text.indexOf('"', close + 1);
    if (close === -1) return n;
    let at = close + 1;
    let c = text.charCodeAt(at);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++at);
    if (c === 0x3a /* : */) n++;
    open = text.indexOf('"', at);
  }
  return n;
}

function escaped(text: string, quote: number): boolean {
  let at = quote - 1;
  while (text.charCodeAt(at) === 0x5c /* \ */) at--;
  return (quote - 1 - at) % 2 === 1;
}

function countKeys(value: unknown): number {
  let n = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) for (const item of v) pending.push(item);
    else {
      const keys = Object.keys(v);
      n += keys.length;
      for (const k of keys) pending.push((v as Record<string, unknown>)[k]);
    }
  }
  return n;
}

// Strings and structural characters; numbers, literals, colons and white space are skipped.
const TOKEN = /"(?:[^"\\]|\\.)*"|[{}[\],]/g;

function locateDuplicateKey(text: string): string | undefined {
  // Frames point to their parent: a path is built only for the one duplicate reported, so a
  // million nested arrays cost linear time and memory.
  let top: Frame | undefined;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const token = m[0];
    const c = token.charCodeAt(0);
    if (c === 0x22 /* " */) {
      if (top?.keys && top.expectKey) {
        const key = token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1);
        if (top.keys.has(key)) return fieldPath([...pathOf(top), key]);
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const isObject = c === 0x7b;
      top = { parent: top, keys: isObject ? new Set() : undefined, index: 0, key: '', expectKey: isObject };
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      top = top?.parent;
    } else if (top) {
      if (top.keys) top.expectKey = true;
      else top.index++;
    }
  }
  return undefined;
}

/** Where `frame` sits: the key or index of each container above it. */
function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f = frame.parent; f; f = f.parent) path.push(f.keys ? f.key : f.index);
  return path.reverse();
}
