import { describe, expect, it } from 'vitest';
import { checkJsonFeedItem } from './check-json-feed.js';
import { checkJsonItems, JsonLane, LANE_FROM } from './json-check-lane.js';

const good = (i: number) =>
  JSON.stringify({ id: `tag:x,2026:s-${i}`, url: `https://x.example/${i}`, content_html: `<p>“${i}”</p>` });
const bad: Record<number, string> = {
  3: '{"id": "a", ',
  10: JSON.stringify({ url: 'https://x.example/no-id', content_text: 'x' }),
  20: '{"id":"\\ud800","content_text":"x"}',
  41: JSON.stringify({ id: 'b', content_text: 'x', colour: 'red' }),
};

/** The items as views into one block at odd offsets, as a batch's items lie in its slab. */
function items(n: number): Map<string, Uint8Array> {
  const texts = Array.from({ length: n }, (_, i) => bad[i] ?? good(i));
  const slab = Buffer.from(`#${texts.join('#')}#`);
  const out = new Map<string, Uint8Array>();
  let at = 1;
  texts.forEach((t, i) => {
    const length = Buffer.byteLength(t);
    out.set(`json:${i}`, slab.subarray(at, at + length));
    at += length + 1;
  });
  return out;
}

function inline(all: Map<string, Uint8Array>): Map<string, string[]> {
  const failed = new Map<string, string[]>();
  for (const [id, bytes] of all) {
    const found = checkJsonFeedItem(Buffer.from(bytes).toString());
    if (found.length > 0) failed.set(id, found);
  }
  return failed;
}

describe('JSON Feed items checked in a worker', () => {
  it('gives each failed item its problems, exactly as checking it here would', async () => {
    const all = items(LANE_FROM * 2);
    const lane = new JsonLane();
    try {
      const answer = await lane.check([...all.values()]);
      expect(answer?.map(([i]) => i)).toEqual([3, 10, 20, 41]);
      const expected = inline(all);
      expect([...expected.keys()]).toEqual(['json:3', 'json:10', 'json:20', 'json:41']);
      expect(await checkJsonItems(all, lane)).toEqual(expected);
      expect(expected.get('json:20')).toEqual(['item.id: lone surrogate']);
    } finally {
      lane.close();
    }
  });

  it('checks them here when the worker cannot run', async () => {
    const all = items(LANE_FROM);
    const lane = new JsonLane(new URL('../../test/fixtures/throwing-worker.ts', import.meta.url));
    expect(await checkJsonItems(all, lane)).toEqual(inline(all));
    expect(await lane.check([...all.values()])).toBeUndefined();
  });

  it('checks a few items here, without a round trip', async () => {
    const all = items(LANE_FROM - 1);
    const refusing = {
      check: () => {
        throw new Error('no worker for a few items');
      },
    } as unknown as JsonLane;
    expect(await checkJsonItems(all, refusing)).toEqual(inline(all));
  });
});
