import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anArticle } from '../../test/builders.js';
import type { Article } from '../records/article.js';
import { oldestFirst } from './archive-pages.js';
import { isPublicAt } from './lifecycle.js';
import { differences, keptOf, membersOf } from './members.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);
const STATUSES = ['published', 'embargoed', 'draft', 'killed'] as const;

const arbitraryStory = fc
  .record({
    status: fc.constantFrom(...STATUSES),
    published: fc.integer({ min: 0, max: 40 }),
    embargo: fc.integer({ min: 0, max: 40 }),
    wire: fc.boolean(),
  })
  .map((r) =>
    anArticle({
      status: r.status,
      published: T0 + r.published * HOUR,
      ...(r.status === 'embargoed' ? { embargo: T0 + r.embargo * HOUR } : {}),
      ...(r.wire ? { source: 'Harbour Press Agency' } : {}),
    }),
  );

/** One build's edits: replace, remove or insert at a place, and how far the clock moves. */
const arbitraryBuild = fc.record({
  edits: fc.array(fc.tuple(fc.nat(80), arbitraryStory, fc.constantFrom('replace', 'remove', 'insert')), {
    maxLength: 5,
  }),
  hours: fc.integer({ min: -3, max: 12 }),
});

const scratch = (articles: readonly Article[], now: number) =>
  articles.filter((a) => a.status === 'killed' || isPublicAt(a, now)).sort(oldestFirst);
const staff = (a: Article) => a.source === undefined;

let ids = 0;
const withId = (a: Article): Article => ({ ...a, id: `s-${ids++}` });

describe('membersOf', () => {
  it('gives, build after build, what filtering and sorting the whole site gives', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryStory, { maxLength: 40 }),
        fc.array(arbitraryBuild, { maxLength: 6 }),
        (base, builds) => {
          let articles = base.map(withId);
          let now = T0 + 10 * HOUR;
          let last = membersOf(articles, now);
          let custom = keptOf(last, staff);
          expect(last.order).toEqual(scratch(articles, now));
          for (const { edits, hours } of builds) {
            const next = [...articles];
            for (const [at, story, kind] of edits) {
              const i = at % (next.length + 1);
              if (kind === 'insert' || i === next.length) next.splice(i, 0, withId(story));
              else if (kind === 'remove') next.splice(i, 1);
              else next[i] = { ...story, id: (next[i] as Article).id };
            }
            now += hours * HOUR;
            const members = membersOf(next, now);
            expect(members.order).toEqual(scratch(next, now));
            if (members.changes) {
              expect(members.changes.before).toBe(last.order);
              const after = new Set(
                members.changes.before.filter((a) => !members.changes?.removed.includes(a)),
              );
              for (const a of members.changes.added) after.add(a);
              expect(new Set(members.order)).toEqual(after);
            }
            custom = keptOf(members, staff, { from: last.order, kept: custom });
            expect(custom).toEqual(members.order.filter(staff));
            articles = next;
            last = members;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hands back the very arrays when nothing changed', () => {
    const articles = [anArticle({ id: 'a' }), anArticle({ id: 'b', source: 'Wire' })];
    const first = membersOf(articles, T0 + 1000 * HOUR);
    const custom = keptOf(first, staff);
    const second = membersOf([...articles], T0 + 1001 * HOUR);
    expect(second.order).toBe(first.order);
    expect(keptOf(second, staff, { from: first.order, kept: custom })).toBe(custom);
  });
});

describe('differences', () => {
  it('finds what two lists do not share, as sets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(30), { maxLength: 40 }),
        fc.array(fc.nat(30), { maxLength: 40 }),
        (xs, ys) => {
          const pool = Array.from({ length: 31 }, (_, i) => anArticle({ id: `p-${i}` }));
          const before = [...new Set(xs)].map((i) => pool[i] as Article);
          const after = [...new Set(ys)].map((i) => pool[i] as Article);
          const d = differences(before, after);
          if (d === undefined) return;
          const result = new Set(before.filter((a) => !d.removed.includes(a)));
          for (const a of d.added) result.add(a);
          expect(result).toEqual(new Set(after));
          for (const a of d.removed) expect(before).toContain(a);
          for (const a of d.added) expect(after).toContain(a);
        },
      ),
      { numRuns: 500 },
    );
  });
});
