import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { enrichOptionsOf } from './enrich-options.js';

const site = {
  title: 'T',
  description: 'D',
  baseUrl: 'https://meridianherald.example/',
  language: 'en',
  tagAuthority: 'meridianherald.example',
  tagDate: '2026',
};

describe('enrichOptionsOf', () => {
  it('turns the config defaults into options: on, cache in the state folder, hours and minutes in ms', () => {
    const config = parseConfig({ site }, 'c.json');
    const opts = enrichOptionsOf(config.enrich, '/srv/site/.syndicate');
    expect(opts).toMatchObject({
      network: true,
      allowHosts: [],
      concurrency: 16,
      budgetMs: 30_000,
      cacheFile: path.join('/srv/site/.syndicate', 'image-cache.json'),
      cacheMaxAgeMs: 7 * 24 * 3_600_000,
      failureCacheMs: 3_600_000,
      minWidthPx: 400,
    });
  });

  it('asks no host with --no-enrich or enrich.enabled false', () => {
    const on = parseConfig({ site }, 'c.json').enrich;
    expect(enrichOptionsOf(on, '/s', false).network).toBe(false);
    const off = parseConfig({ site, enrich: { enabled: false } }, 'c.json').enrich;
    expect(enrichOptionsOf(off, '/s', true).network).toBe(false);
  });

  it('refuses a cache file outside the state folder', () => {
    for (const cacheFile of ['../feeds/cache.json', '/tmp/cache.json', '..'])
      expect(() => parseConfig({ site, enrich: { cacheFile } }, 'c.json')).toThrow(
        'c.json: enrich.cacheFile: must be a file name inside paths.state, such as image-cache.json',
      );
  });
});
