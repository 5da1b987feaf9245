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

/** The field path of the first key given twice in one object of `text`, which must be valid JSON. */
export function findDuplicateKey(text: string): string | undefined {
  // Frames point to their parent: a path is built only for the one duplicate reported, so a
  // million nested arrays cost linear time and memory.
  let top: Frame | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return fieldPath([...pathOf(top), key]);
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const isObject = c === 0x7b;
      top = { parent: top, keys: isObject ? new Set() : undefined, index: 0, key: '', expectKey: isObject };
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      top = top?.parent;
    } else if (c === 0x2c /* , */ && top) {
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
