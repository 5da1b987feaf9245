import { describe, expect, it } from 'vitest';
import { crashTest } from '../scripts/crash/crash-run.js';

// A small sample of `npm run crash-test`: real builds, SIGKILLed at random moments.
describe('crash safety', () => {
  it('a build killed at random moments never leaves a torn file, and the next build cleans up', async () => {
    const report = await crashTest(3, 7, 1);
    expect(report.problems).toEqual([]);
    expect(report.killed).toBeGreaterThan(0);
    expect(report.publishedFilesChecked).toBeGreaterThan(0);
    expect(report.tornFiles).toBe(0);
    expect(report.brokenStateFiles).toBe(0);
    expect(report.temporaryFilesAfterNextBuild).toBe(0);
    expect(report.failedNextBuilds).toBe(0);
    expect(report.writeFaults).toEqual({
      faults: 5,
      refusedWrites: expect.any(Number),
      filesChanged: 0,
      temporaryLeft: 0,
    });
    expect(report.writeFaults.refusedWrites).toBeGreaterThan(0);
  });
});
