import { describe, expect, it } from 'vitest';
import { anArticle } from '../../test/builders.js';
import { tempDir } from '../../test/temp-dir.js';
import type { Article } from '../records/article.js';
import { type ItemSpill, openItemSpill } from './item-spill.js';
import type { PlannedItems } from './plan-outputs.js';
import { type DocumentItems, SharedItems } from './shared-items.js';

const a = anArticle({ id: 'a', headline: 'A' });
const b = anArticle({ id: 'b', headline: 'B' });
const c = anArticle({ id: 'c', headline: 'C' });
const doc = (stories: readonly Article[], kind = 'rss'): PlannedItems => ({ kind, stories });

/** Renders the documents in order as renderFeedDocument does: take each item, or keep a new one. */
function renderAll(shared: SharedItems, documents: readonly PlannedItems[]): string[][] {
  return documents.map((d) => {
    const items = shared.of(d) as DocumentItems;
    return d.stories.map((story, index) => {
      const held = items.take(index);
      if (held !== undefined) return Buffer.from(held).toString('utf8');
      const text = `${d.kind}/${story.id}`;
      // Kept from storage the caller reuses: what is held must be a copy.
      const scratch = Buffer.from(text);
      items.keep(index, scratch);
      scratch.fill(0);
      return `${text} (rendered)`;
    });
  });
}

describe('SharedItems', () => {
  it('knows an item passed its checks in every later document that carries it, and only that item', () => {
    const docs = [doc([a, b]), doc([b, a]), doc([a], 'atom'), doc([c, a])];
    const shared = new SharedItems(docs);
    const [first, second, atom, last] = docs.map((d) => shared.of(d) as DocumentItems) as DocumentItems[];
    expect(first?.checked(0)).toBe(false);
    first?.passed(0); // rss/a
    expect(first?.checked(0)).toBe(true);
    expect(first?.checked(1)).toBe(false);
    expect([second?.checked(0), second?.checked(1)]).toEqual([false, true]);
    expect(atom?.checked(0)).toBe(false);
    expect([last?.checked(0), last?.checked(1)]).toEqual([false, true]);
  });

  it("gives a later document an earlier one's bytes for the same item, and only for it", () => {
    const docs = [doc([a, b]), doc([b, c]), doc([a, b], 'atom'), doc([c, a])];
    const shared = new SharedItems(docs);
    expect(renderAll(shared, docs)).toEqual([
      ['rss/a (rendered)', 'rss/b (rendered)'],
      ['rss/b', 'rss/c (rendered)'],
      // Another kind is another text, even for the same story.
      ['atom/a (rendered)', 'atom/b (rendered)'],
      ['rss/c', 'rss/a'],
    ]);
    // b is let go with its last use, before c is kept; atom items no later document carries.
    expect(shared.stats()).toEqual({ hits: 3, misses: 5, peakBytes: 10, spilled: 0, fromSpill: 0 });
  });

  it('shares an item between two objects of the same story, by its key', () => {
    const copy: Article = { ...a };
    const docs = [doc([a, b]), doc([copy])];
    const shared = new SharedItems(docs);
    expect(renderAll(shared, docs)).toEqual([['rss/a (rendered)', 'rss/b (rendered)'], ['rss/a']]);
  });

  it('holds an item only while a later document carries it', () => {
    const docs = [doc([a]), doc([a]), doc([b]), doc([b])];
    const shared = new SharedItems(docs);
    renderAll(shared, docs);
    // a is let go once its last document took it, before b is kept.
    expect(shared.stats()).toEqual({ hits: 2, misses: 2, peakBytes: 5, spilled: 0, fromSpill: 0 });
  });

  it('keeps within its budget, letting go of the item needed furthest ahead', () => {
    // Room for one item: a is needed again sooner than b, so a is the one kept.
    const docs = [doc([b, a]), doc([a]), doc([b])];
    const shared = new SharedItems(docs, 7);
    expect(renderAll(shared, docs)).toEqual([
      ['rss/b (rendered)', 'rss/a (rendered)'],
      ['rss/a'],
      ['rss/b (rendered)'],
    ]);
    expect(shared.stats()).toEqual({ hits: 1, misses: 3, peakBytes: 5, spilled: 0, fromSpill: 0 });
  });

  it('reads an item let go for the budget back from the spill instead of rendering it again', async () => {
    // Room for one item, as above: b is let go while the third document still carries it.
    const docs = [doc([b, a]), doc([a]), doc([b]), doc([b, c]), doc([c])];
    const spill = openItemSpill(await tempDir()) as ItemSpill;
    const shared = new SharedItems(docs, 7, spill);
    expect(renderAll(shared, docs)).toEqual([
      ['rss/b (rendered)', 'rss/a (rendered)'],
      ['rss/a'],
      ['rss/b'],
      ['rss/b', 'rss/c (rendered)'],
      ['rss/c'],
    ]);
    expect(shared.stats()).toEqual({ hits: 4, misses: 3, peakBytes: 5, spilled: 1, fromSpill: 2 });
    spill.close();
  });

  it('renders again what a spill could not take, or cannot give back', () => {
    const docs = [doc([b, a]), doc([a]), doc([b]), doc([b])];
    const refusing: ItemSpill = { put: () => undefined, get: () => undefined, close: () => {} };
    const shared = new SharedItems(docs, 7, refusing);
    expect(renderAll(shared, docs)).toEqual([
      ['rss/b (rendered)', 'rss/a (rendered)'],
      ['rss/a'],
      ['rss/b (rendered)'],
      ['rss/b'],
    ]);
    const forgetful: ItemSpill = { put: () => 0, get: () => undefined, close: () => {} };
    const again = new SharedItems(docs, 7, forgetful);
    expect(renderAll(again, docs)[2]).toEqual(['rss/b (rendered)']);
    expect(again.stats()).toMatchObject({ spilled: 1, fromSpill: 0, misses: 3 });
  });

  it('stays exact over many documents', () => {
    const docs = Array.from({ length: 5000 }, (_, i) => doc(i % 2 === 0 ? [a, b] : [b, a]));
    const shared = new SharedItems(docs);
    const rendered = renderAll(shared, docs);
    expect(rendered[4999]).toEqual(['rss/b', 'rss/a']);
    expect(shared.stats()).toEqual({ hits: 9998, misses: 2, peakBytes: 10, spilled: 0, fromSpill: 0 });
  });

  it('shares nothing with a document it was not told of', () => {
    const planned = doc([a]);
    const shared = new SharedItems([planned]);
    expect(shared.of(doc([a]))).toBeUndefined();
    // Nor with a planned one rendered a second time: its places are spent.
    renderAll(shared, [planned]);
    expect(shared.of(planned)).toBeUndefined();
  });
});
