import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anArticle, anImage } from '../../test/builders.js';
import { aBareImage, testEnrichOptions } from '../../test/enrich-fixtures.js';
import { startServer } from '../../test/http-server.js';
import { FIXTURES, fixture, startImageHost } from '../../test/image-host.js';
import { timed } from '../../test/probe-settings.js';
import { formatDiagnostic } from '../records/article.js';
import { enrichImages } from './enrich-images.js';

// The stage end to end against a real host on 127.0.0.1: what it fills in, what it reports,
// what it remembers, and how long it may take.

const lines = (r: { problems: readonly Parameters<typeof formatDiagnostic>[0][] }) =>
  r.problems.map(formatDiagnostic);

describe('enrichImages', () => {
  it('never looks up images whose records carry all four facts, and reads no cache for them', async () => {
    const host = await startImageHost();
    const opts = await testEnrichOptions();
    const articles = [anArticle({ images: [anImage({ url: host.url('/img/photo.jpg') })] })];
    const result = await enrichImages(articles, opts);
    expect(result.articles[0]).toBe(articles[0]);
    expect(result.problems).toEqual([]);
    expect(result.stats).toMatchObject({ images: 1, completeInRecords: 1, urls: 0, requests: 0 });
    expect(host.connections()).toBe(0);
    await expect(readFile(opts.cacheFile!)).rejects.toThrow(/ENOENT/);
  });

  it('fills the facts a record lacks; the record wins where it disagrees, with a warning', async () => {
    const host = await startImageHost();
    const photo = host.url('/img/photo.jpg');
    const lamp = host.url('/img/lamp.webp');
    const article = anArticle({
      images: [aBareImage(photo), aBareImage(lamp, { type: 'image/jpg', length: 999 })],
    });
    const result = await enrichImages([article], await testEnrichOptions());
    const [a, b] = result.articles[0]!.images;
    expect(a).toMatchObject({ ...FIXTURES['photo.jpg'], length: fixture('photo.jpg').length });
    expect(b).toMatchObject({ type: 'image/jpg', length: 999, width: 900, height: 1200 });
    expect(lines(result)).toEqual([
      `content/local/harbour-tunnel-vote.json: images[1].type: record says image/jpg, GET ${lamp} measured image/webp; the record's value is published`,
      `content/local/harbour-tunnel-vote.json: images[1].length: record says 999, GET ${lamp} measured ${fixture('lamp.webp').length}; the record's value is published`,
    ]);
    expect(result.stats).toMatchObject({ urls: 2, measured: 2, requests: 2 });
  });

  it('asks no host on the second build: every answer comes from the cache', async () => {
    const host = await startImageHost();
    const opts = await testEnrichOptions();
    const articles = ['photo.jpg', 'chart.png', 'badge.gif'].map((f, i) =>
      anArticle({ id: `story-${i}`, images: [aBareImage(host.url(`/img/${f}`))] }),
    );
    const first = await enrichImages(articles, opts);
    expect(host.requests).toHaveLength(3);
    const second = await enrichImages(articles, opts);
    expect(host.requests).toHaveLength(3);
    expect(second.stats).toMatchObject({ fromCache: 3, measured: 0, requests: 0 });
    expect(second.articles).toEqual(first.articles);
  });

  it('revalidates facts older than the max age with If-None-Match, and keeps them on 304', async () => {
    const host = await startImageHost();
    let now = Date.parse('2026-10-01T08:00:00Z');
    const opts = await testEnrichOptions({ clock: () => now });
    const articles = [anArticle({ images: [aBareImage(host.url('/img/photo.jpg'))] })];
    const first = await enrichImages(articles, opts);
    now += opts.cacheMaxAgeMs + 1;
    const second = await enrichImages(articles, opts);
    expect(host.requests).toHaveLength(2);
    expect(host.requests[1]?.headers['if-none-match']).toMatch(/^"[0-9a-f]{16}"$/);
    expect(second.stats).toMatchObject({ revalidated: 1, requests: 1 });
    expect(second.articles).toEqual(first.articles);
  });

  it('remembers a failure for failureCacheMs, reporting the same line, then asks again', async () => {
    const host = await startImageHost();
    let now = Date.parse('2026-10-01T08:00:00Z');
    const opts = await testEnrichOptions({ clock: () => now });
    const gone = host.url('/gone');
    const articles = [anArticle({ images: [aBareImage(gone)] })];
    const expected = [`content/local/harbour-tunnel-vote.json: images[0]: GET ${gone}: 404 Not Found`];
    expect(lines(await enrichImages(articles, opts))).toEqual(expected);
    expect(lines(await enrichImages(articles, opts))).toEqual(expected);
    expect(host.requests).toHaveLength(1);
    now += opts.failureCacheMs + 1;
    await enrichImages(articles, opts);
    expect(host.requests).toHaveLength(2);
  });

  it('keeps to its budget: hosts that never answer are cut off, good images are enriched, the rest reported', async () => {
    const host = await startImageHost();
    const opts = await testEnrichOptions({
      concurrency: 8,
      budgetMs: 1_500,
      firstByteTimeoutMs: 5_000,
      totalTimeoutMs: 10_000,
    });
    const urls = [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
      host.url(i % 3 === 1 ? `/hang?${i}` : `/img/photo.jpg?${i}`),
    );
    const articles = [anArticle({ images: urls.map((u) => aBareImage(u)) })];
    const { value, ms } = await timed(() => enrichImages(articles, opts));
    expect(ms).toBeLessThan(opts.budgetMs + 1_500);
    const images = value.articles[0]!.images;
    expect(images.filter((i) => i.width === 640)).toHaveLength(5);
    expect(lines(value)).toEqual(
      [1, 4, 7].map(
        (i) =>
          `content/local/harbour-tunnel-vote.json: images[${i}]: ${urls[i]}: not asked: the enrichment budget of 1500 ms was spent`,
      ),
    );
    expect(value.stats).toMatchObject({ measured: 5, notLookedUp: 3 });
  });

  it('with the network off asks nothing, but still reports photos under the minimum width', async () => {
    const host = await startImageHost();
    const opts = await testEnrichOptions({ network: false });
    const small = anImage({
      url: 'https://images.meridianherald.example/thumb.jpg',
      width: 300,
      height: 200,
    });
    const articles = [anArticle({ images: [aBareImage(host.url('/img/photo.jpg')), small] })];
    const result = await enrichImages(articles, opts);
    expect(result.articles[0]).toBe(articles[0]);
    expect(lines(result)).toEqual([
      'content/local/harbour-tunnel-vote.json: images[1]: https://images.meridianherald.example/thumb.jpg is 300 px wide, under the 400 px minimum (enrich.minWidthPx)',
    ]);
    expect(host.connections()).toBe(0);
  });

  it('reports a measured photo under the minimum width', async () => {
    const host = await startImageHost();
    const url = host.url('/img/small.jpg');
    const result = await enrichImages([anArticle({ images: [aBareImage(url)] })], await testEnrichOptions());
    expect(lines(result)).toEqual([
      `content/local/harbour-tunnel-vote.json: images[0]: ${url} is 200 px wide, under the 400 px minimum (enrich.minWidthPx)`,
    ]);
  });

  it('reports a refused address without connecting and without caching the refusal', async () => {
    const canary = await startServer((_q, res) => void res.end(), '127.0.0.2');
    const opts = await testEnrichOptions();
    const url = `${canary.origin}/x.jpg`;
    const result = await enrichImages([anArticle({ images: [aBareImage(url)] })], opts);
    expect(lines(result)).toEqual([
      `content/local/harbour-tunnel-vote.json: images[0]: ${url}: refused: 127.0.0.2 is a loopback address`,
    ]);
    expect(canary.connections()).toBe(0);
    expect(JSON.parse(await readFile(opts.cacheFile!, 'utf8')).entries).toEqual({});
  });

  it('looks a URL shared by several stories up once', async () => {
    const host = await startImageHost();
    const url = host.url('/img/chart.png');
    const articles = ['a', 'b', 'c'].map((id) => anArticle({ id, images: [aBareImage(url)] }));
    const result = await enrichImages(articles, await testEnrichOptions());
    expect(host.requests).toHaveLength(1);
    expect(result.articles.map((a) => a.images[0]?.width)).toEqual([800, 800, 800]);
  });

  it('sets a corrupt cache file aside with a warning and writes a good one', async () => {
    const host = await startImageHost();
    const opts = await testEnrichOptions();
    await mkdir(path.dirname(opts.cacheFile!), { recursive: true });
    await writeFile(opts.cacheFile!, '{"version": 1, "entries": ');
    const result = await enrichImages(
      [anArticle({ images: [aBareImage(host.url('/img/chart.png'))] })],
      opts,
    );
    expect(lines(result)).toEqual([`${opts.cacheFile}: image cache not JSON; starting afresh`]);
    expect(Object.keys(JSON.parse(await readFile(opts.cacheFile!, 'utf8')).entries)).toEqual([
      host.url('/img/chart.png'),
    ]);
  });
});
