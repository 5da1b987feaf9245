import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../test/run-cli.js';
import { configJsonSchema } from './config-schema.js';
import { parseConfig } from './load-config.js';

const readJson = async (f: string) => JSON.parse(await readFile(path.join(REPO, f), 'utf8'));

describe('configuration', () => {
  it('ships a JSON Schema that is the one the program checks with (npm run config-schema)', async () => {
    expect(await readJson('syndicate.config.schema.json')).toEqual(configJsonSchema());
  });

  it('accepts the sample config, and the shipped schema agrees', async () => {
    const sample = await readJson('syndicate.config.json');
    expect(sample.$schema).toBe('./syndicate.config.schema.json');
    expect(parseConfig(sample, 'syndicate.config.json').feeds.main.maxItems).toBe(50);
    const validate = new Ajv2020({ strict: false }).compile(await readJson('syndicate.config.schema.json'));
    expect(validate(sample)).toBe(true);
  });

  it('names every wrong key at once', async () => {
    const sample = await readJson('syndicate.config.json');
    const broken = {
      ...sample,
      site: { ...sample.site, language: 'english!', tagDate: 'last year', titel: 'typo' },
      feeds: { main: { maxItems: -1 } },
    };
    expect(() => parseConfig(broken, 'syndicate.config.json')).toThrow(
      [
        'syndicate.config.json: site.language: must be a BCP 47 language tag such as en or pt-BR',
        'syndicate.config.json: site.tagDate: must be a date such as 2026 or 2026-01-15',
        'syndicate.config.json: site: unknown field "titel"',
        'syndicate.config.json: feeds.main.maxItems: must be at least 1',
      ].join('\n'),
    );
  });

  it('fills defaults for everything but the site', async () => {
    const { site } = await readJson('syndicate.config.json');
    const c = parseConfig({ site }, 'c.json');
    expect(c.paths).toEqual({ content: 'content', out: 'feeds', state: '.syndicate' });
    expect(c.wire).toEqual({ enabled: true, earlyEmbargoDelivery: false });
    expect(c.limits.maxFileBytes).toBe(16 * 1024 * 1024);
  });
});
