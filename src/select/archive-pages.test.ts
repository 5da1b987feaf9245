import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anArticle } from '../../test/builders.js';
import type { Article } from '../records/article.js';
import { oldestFirst, type PagingSettings, pageFeed as pageSorted } from './archive-pages.js';

const pageFeed = (members: readonly Article[], settings: PagingSettings) =>
  pageSorted([...members].sort(oldestFirst), settings);

const HOUR = 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const story = (n: number, extra: Partial<Article> = {}): Article =>
  anArticle({
    id: `s${String(n).padStart(4, '0')}`,
    published: T0 + n * HOUR,
    updated: T0 + n * HOUR,
    ...extra,
  });
const stories = (count: number): Article[] => Array.from({ length: count }, (_, i) => story(i));
const ids = (list: readonly Article[]): string[] => list.map((a) => a.id);

describe('pageFeed', () => {
  it('keeps everything current when the feed is within its cap', () => {
    const paged = pageFeed(stories(5), { maxItems: 5, pageSize: 10 });
    expect(ids(paged.current)).toEqual(['s0004', 's0003', 's0002', 's0001', 's0000']);
    expect(paged.pages).toEqual([]);
    expect(paged.total).toBe(5);
  });

  it('numbers pages from the oldest story, each page newest first', () => {
    const paged = pageFeed(stories(27), { maxItems: 5, pageSize: 10 });
    expect(ids(paged.current)).toEqual(['s0026', 's0025', 's0024', 's0023', 's0022']);
    expect(paged.pages.map(ids)).toEqual([
      ['s0009', 's0008', 's0007', 's0006', 's0005', 's0004', 's0003', 's0002', 's0001', 's0000'],
      ['s0019', 's0018', 's0017', 's0016', 's0015', 's0014', 's0013', 's0012', 's0011', 's0010'],
      ['s0021', 's0020'],
    ]);
    expect(paged.total).toBe(27);
  });

  it('opens an empty page as soon as the last one fills, so a full page never changes again', () => {
    const paged = pageFeed(stories(25), { maxItems: 5, pageSize: 10 });
    expect(paged.pages.map((p) => p.length)).toEqual([10, 10, 0]);
  });

  it('lets a killed story keep its slot: one page loses it, no later page moves', () => {
    const before = pageFeed(stories(40), { maxItems: 5, pageSize: 10 });
    const killed = stories(40).map((a) => (a.id === 's0012' ? { ...a, status: 'killed' as const } : a));
    const after = pageFeed(killed, { maxItems: 5, pageSize: 10 });
    expect(ids(after.pages[1] ?? [])).toEqual(ids(before.pages[1] ?? []).filter((id) => id !== 's0012'));
    for (const i of [0, 2, 3]) expect(ids(after.pages[i] ?? [])).toEqual(ids(before.pages[i] ?? []));
    expect(after.total).toBe(39);
  });

  it('keeps the current document full when a current story is killed', () => {
    const list = stories(30).map((a) => (a.id === 's0028' ? { ...a, status: 'killed' as const } : a));
    const paged = pageFeed(list, { maxItems: 5, pageSize: 10 });
    expect(ids(paged.current)).toEqual(['s0029', 's0027', 's0026', 's0025', 's0024']);
  });

  it('holds every public story exactly once, and adding a story changes at most one page', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 10, max: 40 }),
        (count, maxItems, pageSize) => {
          const all = stories(count + 1);
          const before = pageFeed(all.slice(0, count), { maxItems, pageSize });
          const after = pageFeed(all, { maxItems, pageSize });
          const seen = [...after.current, ...after.pages.flat()].map((a) => a.id).sort();
          expect(seen).toEqual(ids(all).sort());
          expect(after.current.length).toBe(Math.min(maxItems, count + 1));
          let changed = 0;
          before.pages.forEach((page, i) => {
            const same = ids(page).join() === ids(after.pages[i] ?? []).join();
            if (!same) changed++;
            // A full page already links to the page after it, so its document never changes.
            if (page.length === pageSize) expect(same && i + 1 < before.pages.length).toBe(true);
          });
          expect(changed).toBeLessThanOrEqual(1);
          // Pages only ever grow at the newest end.
          expect(after.pages.length - before.pages.length).toBeGreaterThanOrEqual(0);
          expect(after.pages.length - before.pages.length).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('pages from its last paging exactly as from scratch, keeping the pages whose slots are the same', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.tuple(fc.nat(220), fc.constantFrom('edit', 'kill', 'add', 'remove')), { maxLength: 4 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 5, max: 30 }),
        (count, edits, maxItems, pageSize) => {
          const settings = { maxItems, pageSize };
          const first = stories(count);
          const next = [...first];
          for (const [at, kind] of edits) {
            const i = at % (next.length + 1);
            const old = next[i];
            if (kind === 'add' || old === undefined) next.push(story(1000 + at));
            else if (kind === 'remove') next.splice(i, 1);
            else
              next[i] = {
                ...old,
                ...(kind === 'kill' ? { status: 'killed' as const } : { headline: 'Edited' }),
              };
          }
          const ordered = next.sort(oldestFirst);
          const before = { ordered: first, paged: pageSorted(first, settings) };
          const again = pageSorted(ordered, settings, before);
          expect(again).toEqual(pageSorted(ordered, settings));
          // A page handed back holds the very stories paged now, never an earlier version of one.
          const now = new Set(ordered);
          for (const page of again.pages) for (const a of page) expect(now.has(a)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('hands back every page but the edited one when a story is edited in place', () => {
    const first = stories(95);
    const settings = { maxItems: 5, pageSize: 10 };
    const before = { ordered: first, paged: pageSorted(first, settings) };
    const edited = first.map((a) => (a.id === 's0042' ? { ...a, headline: 'Edited' } : a));
    const again = pageSorted(edited, settings, before);
    const kept = again.pages.map((page, n) => page === before.paged.pages[n]);
    expect(kept).toEqual([true, true, true, true, false, true, true, true, true, true]);
  });
});
