import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BuildResult } from '../build.js';
import { type BuildOutcome, summarizeBuild } from './build-summary.js';

const FEEDS = 'https://news.example/feeds/';

function anOutcome(written: string[], nextEmbargo?: string): BuildOutcome {
  return {
    status: {
      ok: true,
      records: { files: 12, valid: 11, rejected: 1 },
      stories: { public: 9, embargoed: 2, ...(nextEmbargo ? { nextEmbargo } : {}) },
    },
    publish: { written, unchanged: ['atom.xml'], failed: [] },
  };
}

describe('summarizeBuild', () => {
  it('accepts what build() returns', () => {
    expectTypeOf<BuildResult>().toExtend<BuildOutcome>();
  });

  it('names the changed feeds by their public URL, leaving out files that are not WebSub topics', () => {
    const summary = summarizeBuild(
      anOutcome(['rss.xml', 'status.json', 'newsml/a1.xml', 'sections/world news/feed.json', 'index.html']),
      FEEDS,
    );
    expect(summary.changedFeedUrls).toEqual([
      'https://news.example/feeds/rss.xml',
      'https://news.example/feeds/sections/world%20news/feed.json',
    ]);
    expect(summary.counts).toEqual({
      records: 12,
      rejected: 1,
      public: 9,
      embargoed: 2,
      written: 5,
      unchanged: 1,
      failed: 0,
    });
  });

  it('turns the next embargo into an instant in milliseconds, whatever its offset', () => {
    const summary = summarizeBuild(anOutcome([], '2026-03-08T02:30:00-05:00'), FEEDS);
    expect(summary.nextEmbargoMs).toBe(Date.parse('2026-03-08T07:30:00Z'));
    expect(summarizeBuild(anOutcome([]), FEEDS)).not.toHaveProperty('nextEmbargoMs');
  });
});
