import { describe, expect, it } from 'vitest';
import { HOSTILE_CASES } from '../scripts/hostile/cases.js';

// Every hostile-parser case in process: XML with a DOCTYPE is refused before parsing (no entity
// expanded, nothing fetched), YAML and JSON bombs are refused, Object.prototype stays clean.
// `npm run hostile-bounds` measures each in a fresh process against 1 s and 100 MB.
describe('hostile input for every parser', () => {
  for (const c of HOSTILE_CASES) {
    it(`${c.parser}: ${c.name}`, async () => {
      await c.warmUp();
      await expect(c.run()).resolves.toBeUndefined();
      expect(Object.keys(Object.prototype)).toEqual([]);
    });
  }
});
