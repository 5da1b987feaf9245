import { describe, expect, it } from 'vitest';
import { fuzz } from '../scripts/fuzz/fuzz-run.js';

// A small sample of `npm run fuzz`: adversarial records through the real build and its gate.
describe('fuzzing', () => {
  it('every output built from adversarial records passes its validator', async () => {
    const report = await fuzz(150, 20261126, 150);
    expect(report.problems).toEqual([]);
    expect(report.valid).toBeGreaterThan(40);
    expect(report.rejected).toBeGreaterThan(20);
    // Every feed set (sections, tags and authors named by the fuzzer) in all three formats.
    for (const name of ['rss.xml', 'atom.xml', 'feed.json']) expect(report.outputs[name]).toBeGreaterThan(20);
    expect(report.outputs.newsml).toBeGreaterThan(30);
  });
});
