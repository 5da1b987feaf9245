import { checkJsonFeed, checkJsonFeedItem } from './check-json-feed.js';
import { checkXmlWellFormed, type XmlDocument } from './check-xml.js';
import { checkXmlParts, type XmlPart } from './check-xml-parts.js';
import type { Output } from './publish-outputs.js';

// Feed documents are checked by their parts: each document's skeleton (the document without
// items) whole, and each item once, however many feeds and pages carry it. A site's stories
// appear in many feeds, so this checks a fraction of the bytes it publishes, with the same
// checkers and the same strictness as a whole-document check.

/** Item ids that passed in this process; an id names one text, so it never needs a second check. */
const passed = new Set<string>();
const MAX_PASSED = 2_000_000;

/** The problems of each output, by path, for outputs that carry parts; absent ones passed. */
export async function checkByParts(outputs: readonly Output[]): Promise<Map<string, string[]>> {
  const problems = new Map<string, string[]>();
  const skeletons: XmlDocument[] = [];
  const xmlItems = new Map<string, XmlPart>();
  const jsonItems = new Map<string, string>();
  for (const o of outputs) {
    if (o.parts === undefined) continue;
    const json = o.kind === 'jsonfeed';
    if (json) {
      const found = checkJsonFeed(o.parts.skeleton);
      if (found.length > 0) problems.set(o.path, found);
    } else {
      skeletons.push({ name: o.path, text: o.parts.skeleton });
    }
    for (const item of o.parts.items) {
      if (passed.has(item.id)) continue;
      if (json) jsonItems.set(item.id, item.text);
      else xmlItems.set(item.id, { name: item.id, scope: item.scope, text: item.text });
    }
  }
  // libxml2 runs in a worker; the JSON items are checked here meanwhile.
  const xml = Promise.all([checkXmlWellFormed(skeletons), checkXmlParts([...xmlItems.values()])]);
  const failed = new Map<string, string[]>();
  for (const [id, text] of jsonItems) {
    const found = checkJsonFeedItem(text);
    if (found.length > 0) failed.set(id, found);
  }
  const [skeletonProblems, itemProblems] = await xml;
  for (const [path, found] of skeletonProblems) problems.set(path, found);
  for (const [id, found] of itemProblems) failed.set(id, found);
  if (passed.size > MAX_PASSED) passed.clear();
  for (const id of [...xmlItems.keys(), ...jsonItems.keys()]) if (!failed.has(id)) passed.add(id);
  if (failed.size === 0) return problems;
  for (const o of outputs) {
    const found: string[] = [];
    for (const item of o.parts?.items ?? []) {
      for (const message of failed.get(item.id) ?? []) found.push(`${item.label}: ${message}`);
    }
    if (found.length > 0) problems.set(o.path, [...(problems.get(o.path) ?? []), ...found]);
  }
  return problems;
}
