import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anArticle } from '../../test/builders.js';
import type { Article } from '../records/article.js';
import { oldestFirst } from './archive-pages.js';
import { groupByName } from './group-by-name.js';

const NAMES = ['Transport', 'transport', 'TRANSPORT', 'Energy', 'الطاقة', 'Housing', 'housing '];
const URLS = [undefined, 'https://meridianherald.example/a', 'https://meridianherald.example/b'];

const story = (id: number, names: string[], hour: number, url: number) =>
  anArticle({
    id: `s-${id}`,
    tags: names.map((name) => ({ name })),
    authors: names.map((name) => ({ name, ...(URLS[url] ? { url: URLS[url] } : {}) })),
    published: Date.UTC(2026, 10, 1) + hour * 3_600_000,
  });

const arbitraryStory = (id: number) =>
  fc
    .record({
      names: fc.subarray(NAMES),
      hour: fc.integer({ min: 0, max: 50 }),
      url: fc.integer({ min: 0, max: 2 }),
    })
    .map((r) => story(id, r.names, r.hour, r.url));

const names = (a: Article) => a.authors.map((p) => p.name);
const url = (a: Article) => a.authors.find((p) => p.url !== undefined)?.url;

describe('groupByName', () => {
  it('regroups after a few changes exactly as grouping from scratch would', () => {
    let fresh = 0;
    fc.assert(
      fc.property(
        fc.array(arbitraryStory(0), { maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(60), arbitraryStory(1), fc.boolean()), { maxLength: 6 }),
        (before, edits) => {
          const base = before.map((s, i) => ({ ...s, id: `s-${i}` }));
          const first = [...base].sort(oldestFirst);
          groupByName('test', first, names, url);
          const next = [...base];
          for (const [at, replacement, remove] of edits) {
            const i = at % (next.length + 1);
            if (remove && i < next.length) next.splice(i, 1);
            else if (i < next.length) next[i] = { ...replacement, id: (next[i] as Article).id };
            else next.push({ ...replacement, id: `new-${next.length}-${at}` });
          }
          const after = next.sort(oldestFirst);
          const incremental = groupByName('test', after, names, url);
          const scratch = groupByName(`scratch-${fresh++}`, after, names, url);
          expect([...incremental.keys()]).toEqual([...scratch.keys()]);
          expect([...incremental.values()]).toEqual([...scratch.values()]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the members array of every group the change did not touch', () => {
    const stories = [story(1, ['Transport'], 1, 0), story(2, ['Energy'], 2, 0), story(3, ['Housing'], 3, 0)];
    const first = groupByName('keep', stories, names);
    const edited = { ...(stories[1] as Article), headline: 'Edited' };
    const second = groupByName('keep', [stories[0] as Article, edited, stories[2] as Article], names);
    expect(second.get('transport')?.members).toBe(first.get('transport')?.members);
    expect(second.get('housing')?.members).toBe(first.get('housing')?.members);
    expect(second.get('energy')?.members).toEqual([edited]);
  });
});
