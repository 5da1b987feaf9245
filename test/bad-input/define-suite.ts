import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBase, jsonFeedItems, listCases, runCase, storyParts } from './run-case.js';

/** One vitest test per case folder of the given groups. */
export async function defineSuite(groups: readonly string[]): Promise<void> {
  let base: Map<string, Buffer>;
  let baseIds: string[];
  beforeAll(async () => {
    base = await buildBase();
    baseIds = jsonFeedItems(base).map((i) => i.id.replace(/^.*:story\//, ''));
  });
  for (const group of groups) {
    const names = await listCases(group);
    describe(group, () => {
      for (const name of names) {
        it(path.basename(name), async () => {
          const run = await runCase(name);
          checkCase(run, base, baseIds);
        });
      }
    });
  }
}

function checkCase(run: Awaited<ReturnType<typeof runCase>>, base: Map<string, Buffer>, baseIds: string[]) {
  const e = run.expected;
  // Everything the build wrote passed the publish gate (libxml2, JSON Feed schema, NewsML-G2 XSD).
  expect(run.failed).toEqual([]);
  expect(run.lines).toEqual(
    e.diagnostics.map((l) => (typeof l === 'string' ? l : expect.stringMatching(new RegExp(l.pattern)))),
  );
  const items = jsonFeedItems(run.outputs);
  const caseIds = items.map((i) => i.id.replace(/^.*:story\//, '')).filter((id) => !baseIds.includes(id));
  expect(caseIds).toEqual(e.published ?? []);
  if (e.item) expect(items.find((i) => i.id.endsWith(`:story/${e.published?.[0]}`))).toMatchObject(e.item);
  // One bad story never changes another: every base story's output is byte-identical.
  for (const id of baseIds) expect(storyParts(run.outputs, id)).toEqual(storyParts(base, id));
  for (const [file, bytes] of run.outputs) {
    // The feed index page is HTML of its own (its <meta charset>); story text reaches it only
    // as escaped feed titles, which its own tests cover.
    if (file === 'index.html') continue;
    const text = bytes.toString('utf8');
    for (const a of e.absent ?? []) expect(text.includes(a), `${file} contains ${a}`).toBe(false);
  }
  for (const [id, status] of Object.entries(e.wire ?? {})) {
    const newsml = run.outputs.get(`newsml/${id}.xml`)?.toString('utf8') ?? '';
    expect(newsml).toContain(`pubStatus qcode="stat:${status}"`);
  }
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}
