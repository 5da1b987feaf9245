import { fieldPath } from './field-path.js';

// JSON.parse keeps the last of two equal keys without a word; a CMS export that writes a field
// twice has lost track of which value it meant, so the record is refused as YAML's is.

interface Frame {
  readonly keys?: Set<string>;
  readonly path: (string | number)[];
  index: number;
  key?: string;
  expectKey: boolean;
}

/** The field path of the first key given twice in one object of `text`, which must be valid JSON. */
export function findDuplicateKey(text: string): string | undefined {
  const stack: Frame[] = [];
  const childPath = (): (string | number)[] => {
    const top = stack.at(-1);
    if (top === undefined) return [];
    return [...top.path, top.keys ? (top.key ?? '') : top.index];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      const top = stack.at(-1);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return fieldPath([...top.path, key]);
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) {
      stack.push({ keys: new Set(), path: childPath(), index: 0, expectKey: true });
    } else if (c === 0x5b /* [ */) {
      stack.push({ path: childPath(), index: 0, expectKey: false });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return undefined;
}
