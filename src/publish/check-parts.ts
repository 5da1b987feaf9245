import { checkJsonFeed } from './check-json-feed.js';
import { checkXmlWellFormed, type XmlDocument } from './check-xml.js';
import { checkXmlParts, type XmlPart } from './check-xml-parts.js';
import { checkJsonItems } from './json-check-lane.js';
import type { Output } from './publish-outputs.js';

// Feed documents are checked by their parts: each document's skeleton (the document without
// items) whole, and each item once, however many feeds and pages carry it. A site's stories
// appear in many feeds, so this checks a fraction of the bytes it publishes, with the same
// checkers and the same strictness as a whole-document check.

/**
 * Item keys that passed in this process, by kind; a kind and key name one text. Never
 * forgotten, since documents leave out items known here: past the cap, new items are simply
 * not remembered, and so checked in every document that carries them.
 */
const passed = new Map<string, Set<string>>();
const MAX_PASSED = 2_000_000;
let passedCount = 0;

/** Whether this item text passed before: a document need not hand it over again. */
export function itemChecked(kind: string, key: string): boolean {
  return passed.get(kind)?.has(key) === true;
}

function passedOf(kind: string): Set<string> {
  let keys = passed.get(kind);
  if (keys === undefined) {
    keys = new Set();
    passed.set(kind, keys);
  }
  return keys;
}

/** The problems of each output, by path, for outputs that carry parts; absent ones passed. */
export async function checkByParts(outputs: readonly Output[]): Promise<Map<string, string[]>> {
  const problems = new Map<string, string[]>();
  const skeletons: XmlDocument[] = [];
  const xmlItems = new Map<string, XmlPart>();
  const jsonItems = new Map<string, Buffer>();
  for (const o of outputs) {
    if (o.parts === undefined) continue;
    const json = o.kind === 'jsonfeed';
    if (json) {
      const found = checkJsonFeed(o.parts.skeleton);
      if (found.length > 0) problems.set(o.path, found);
    } else {
      skeletons.push({ name: o.path, text: o.parts.skeleton });
    }
    const { kind, scopeOf } = o.parts;
    for (const item of o.parts.items) {
      const id = `${kind}:${item.key}`;
      if (json) jsonItems.set(id, item.bytes);
      else if (!xmlItems.has(id))
        xmlItems.set(id, { name: id, scope: scopeOf(item.index), bytes: item.bytes });
    }
  }
  // libxml2 runs in worker lanes, and many JSON items in a worker of their own.
  const xml = Promise.all([checkXmlWellFormed(skeletons), checkXmlParts([...xmlItems.values()])]);
  const failed = await checkJsonItems(jsonItems);
  const [skeletonProblems, itemProblems] = await xml;
  for (const [path, found] of skeletonProblems) problems.set(path, found);
  for (const [id, found] of itemProblems) failed.set(id, found);
  for (const o of outputs) {
    if (o.parts === undefined) continue;
    const known = passedOf(o.parts.kind);
    for (const item of o.parts.items) {
      if (passedCount >= MAX_PASSED) break;
      if (known.has(item.key) || failed.has(`${o.parts.kind}:${item.key}`)) continue;
      known.add(item.key);
      passedCount++;
    }
  }
  if (failed.size === 0) return problems;
  for (const o of outputs) {
    const found: string[] = [];
    for (const item of o.parts?.items ?? []) {
      const failures = failed.get(`${o.parts?.kind}:${item.key}`) ?? [];
      for (const message of failures) found.push(`story ${item.story}: ${message}`);
    }
    if (found.length > 0) problems.set(o.path, [...(problems.get(o.path) ?? []), ...found]);
  }
  return problems;
}
