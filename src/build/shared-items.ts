import type { Article } from '../records/article.js';
import { articleKey } from '../records/article-key.js';
import type { ItemSpill } from './item-spill.js';
import type { PlannedItems } from './plan-outputs.js';

// A story sits in several feed documents of one format (the main feed or its archive page, its
// section, its tags, its authors, custom feeds), and its item is the same text in each of them.
// A build knows every document it will render, in order, so it holds each item's text from one
// document that carries it to the next, rendering it once rather than once per document. What
// it holds is bounded by a byte budget: past it, the item whose next use is furthest away is
// let go (the choice that keeps the most renderings, Belady's), and an item no later document
// carries is let go at once.
//
// Items are held as their UTF-8, copied out of the document that rendered them, not as strings:
// a held string outlives the young generation, so at 100 000 stories some 2 GB of item texts
// went to the old one to die there, and the collector let the heap grow to match. Held bytes
// also go into the next document as they are, without being encoded again.
//
// An item let go for the budget while a later document still carries it goes to a spill file
// (item-spill.ts) when there is one, and that document reads it back instead of rendering it.

/**
 * Bytes held at most: a small share of a large build's memory, whatever the site. Items let go
 * are read back from the spill when there is one, so more would save little: at 100 000
 * stories, 32 MB instead of 16 MB added some 15 MB to peak RSS and saved nothing measurable.
 */
const MAX_BYTES = 16 * 1024 * 1024;
/** No later use. */
const NEVER = 0x7fffffff;
/** Heap entries pack a next use and an item number; item numbers stay below this. */
const ITEM_SPAN = 2 ** 22;

export interface SharedItemsStats {
  /** Items taken from an earlier document. */
  readonly hits: number;
  /** Items rendered. */
  readonly misses: number;
  readonly peakBytes: number;
  /** Items written to the spill, and hits read back from it. */
  readonly spilled: number;
  readonly fromSpill: number;
}

/** One document's items, in its order: the bytes held for each, and a place for new ones. */
export interface DocumentItems {
  /**
   * The UTF-8 of item `index`, if held; spends its use either way. Bytes read back from the
   * spill are a view valid only until the next call: copy them at once.
   */
  take(index: number): Uint8Array | undefined;
  /**
   * The UTF-8 of item `index`, just rendered: a copy is held if a later document carries it
   * too, so `bytes` may be storage that is reused afterwards.
   */
  keep(index: number, bytes: Uint8Array): void;
  /** Whether item `index` is known to have passed its checks (`passed` was said of it before). */
  checked(index: number): boolean;
  /** Item `index` passed its checks, for every document that carries it. */
  passed(index: number): void;
}

export class SharedItems {
  /** Where each planned document's items start in the sequence of all items. */
  private readonly starts = new Map<PlannedItems, number>();
  /** For each place in that sequence: the item there, and the next place with the same item. */
  private readonly itemAt: Int32Array;
  private readonly nextAt: Int32Array;
  private readonly held: (Uint8Array | undefined)[];
  private heldCount = 0;
  private readonly heldNext: Int32Array;
  /** Max-heap of `next use · ITEM_SPAN + item`; entries whose use moved on are skipped. */
  private heap: number[] = [];
  private bytes = 0;
  private peak = 0;
  private hits = 0;
  private misses = 0;
  /** Where each spilled item is; an item spilled has a length above zero. */
  private readonly spillAt: Float64Array;
  private readonly spillLength: Int32Array;
  private spilled = 0;
  private fromSpill = 0;
  /**
   * 1 for items known to have passed their checks: a build asks about 2 million places, and
   * asking by the story's key cost a second at 100 000 stories, mostly for items that passed.
   */
  private readonly checkedItems: Uint8Array;

  /** `documents` in the order they will be rendered. */
  constructor(
    documents: readonly PlannedItems[],
    private readonly maxBytes = MAX_BYTES,
    private readonly spill?: ItemSpill,
  ) {
    let places = 0;
    for (const d of documents) {
      this.starts.set(d, places);
      places += d.stories.length;
    }
    this.itemAt = new Int32Array(places);
    this.nextAt = new Int32Array(places);
    // An item is a story in one kind of document. Each story is looked up by its object, the
    // same one in every feed that carries it; a string key per place (kind and story key) made
    // the build wait over two seconds at 100 000 stories before it could render anything.
    // Stories with equal keys (the same text) still share a number.
    const kinds = new Map<string, number>();
    for (const d of documents) if (!kinds.has(d.kind)) kinds.set(d.kind, kinds.size);
    const storyNumbers = new Map<Article, number>();
    const byKey = new Map<string, number>();
    let place = 0;
    for (const d of documents) {
      const kind = kinds.get(d.kind) as number;
      for (const story of d.stories) {
        let s = storyNumbers.get(story);
        if (s === undefined) {
          const key = articleKey(story);
          s = byKey.get(key);
          if (s === undefined) {
            s = byKey.size;
            byKey.set(key, s);
          }
          storyNumbers.set(story, s);
        }
        this.itemAt[place++] = s * kinds.size + kind;
      }
    }
    const items = byKey.size * kinds.size;
    // Beyond what a heap entry can name, the build shares nothing: slower, never wrong.
    if (items >= ITEM_SPAN) this.starts.clear();
    const seen = new Int32Array(items).fill(NEVER);
    for (let p = places - 1; p >= 0; p--) {
      const n = this.itemAt[p] as number;
      this.nextAt[p] = seen[n] as number;
      seen[n] = p;
    }
    this.heldNext = new Int32Array(items);
    this.held = new Array<Uint8Array | undefined>(items).fill(undefined);
    // Only items that can be shared are ever spilled.
    const spillable = spill === undefined || this.starts.size === 0 ? 0 : items;
    this.spillAt = new Float64Array(spillable);
    this.spillLength = new Int32Array(spillable);
    this.checkedItems = new Uint8Array(this.starts.size === 0 ? 0 : items);
  }

  /** The items of a planned document; one not planned shares nothing. */
  of(document: PlannedItems): DocumentItems | undefined {
    const start = this.starts.get(document);
    if (start === undefined) return undefined;
    // Each document is rendered once: its places are spent now.
    this.starts.delete(document);
    return {
      take: (index) => this.take(start + index),
      keep: (index, bytes) => this.keep(start + index, bytes),
      checked: (index) => this.checkedItems[this.itemAt[start + index] as number] === 1,
      passed: (index) => {
        this.checkedItems[this.itemAt[start + index] as number] = 1;
      },
    };
  }

  stats(): SharedItemsStats {
    return {
      hits: this.hits,
      misses: this.misses,
      peakBytes: this.peak,
      spilled: this.spilled,
      fromSpill: this.fromSpill,
    };
  }

  private take(place: number): Uint8Array | undefined {
    const n = this.itemAt[place] as number;
    const bytes = this.held[n];
    if (bytes === undefined) {
      const spilled = this.fromSpillOf(n);
      if (spilled === undefined) this.misses++;
      else this.hits++;
      return spilled;
    }
    this.hits++;
    this.hold(n, place, bytes);
    return bytes;
  }

  private keep(place: number, bytes: Uint8Array): void {
    const n = this.itemAt[place] as number;
    if (this.held[n] !== undefined || this.nextAt[place] === NEVER) return;
    // A copy: `bytes` is usually a view of a document (a Buffer, whose slice would be a view too).
    const copy = new Uint8Array(bytes);
    this.bytes += copy.length;
    this.held[n] = copy;
    this.heldCount++;
    this.hold(n, place, copy);
    this.peak = Math.max(this.peak, this.bytes);
  }

  /** Keeps item `n`, used at `place`, until its next use, within the budget. */
  private hold(n: number, place: number, bytes: Uint8Array): void {
    const next = this.nextAt[place] as number;
    if (next === NEVER) {
      this.drop(n, bytes);
      return;
    }
    this.heldNext[n] = next;
    this.push(next * ITEM_SPAN + n);
    while (this.bytes > this.maxBytes && this.heap.length > 0) {
      const top = this.pop();
      const item = top % ITEM_SPAN;
      const held = this.held[item];
      if (held !== undefined && this.heldNext[item] === (top - item) / ITEM_SPAN) {
        this.toSpill(item, held);
        this.drop(item, held);
      }
    }
    // Stale entries pile up as held items move on to later uses.
    if (this.heap.length > 4096 && this.heap.length > 4 * this.heldCount) this.compact();
  }

  /**
   * Writes item `n` to the spill, where a later document will find it. Only a held item is let
   * go, and an item is held only after a miss, so it is never in the spill already; and items
   * are held only where the build shares them, so its place is always there.
   */
  private toSpill(n: number, bytes: Uint8Array): void {
    if (this.spill === undefined) return;
    const at = this.spill.put(bytes);
    if (at === undefined) return;
    this.spillAt[n] = at;
    this.spillLength[n] = bytes.length;
    this.spilled++;
  }

  /** Item `n` read back from the spill (a view valid until the next read), if it is there. */
  private fromSpillOf(n: number): Uint8Array | undefined {
    const length = this.spillLength[n] ?? 0;
    if (this.spill === undefined || length === 0) return undefined;
    const bytes = this.spill.get(this.spillAt[n] as number, length);
    if (bytes === undefined) {
      this.spillLength[n] = 0;
      return undefined;
    }
    this.fromSpill++;
    return bytes;
  }

  private drop(n: number, bytes: Uint8Array): void {
    this.held[n] = undefined;
    this.heldCount--;
    this.bytes -= bytes.length;
  }

  private compact(): void {
    this.heap = [];
    for (let n = 0; n < this.held.length; n++)
      if (this.held[n] !== undefined) this.push((this.heldNext[n] as number) * ITEM_SPAN + n);
  }

  private push(entry: number): void {
    const heap = this.heap;
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as number) >= entry) break;
      heap[i] = heap[parent] as number;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): number {
    const heap = this.heap;
    const top = heap[0] as number;
    const last = heap.pop() as number;
    if (heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && (heap[right] as number) > (heap[left] as number) ? right : left;
      if ((heap[child] as number) <= last) break;
      heap[i] = heap[child] as number;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
