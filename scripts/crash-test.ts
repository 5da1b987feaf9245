import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { crashTest } from './crash/crash-run.js';

// Crash safety, measured: K times, edit some stories, start `syndicate build`, SIGKILL it at a
// random moment (half the runs anywhere in the build, half inside the window in which it writes
// files), then check that every published file is its complete old or complete new version,
// and that the next build finishes and leaves no temporary file. Then inject write errors.
//
//   npm run crash-test -- --runs 1000 [--seed 1] [--jobs 2] [--save FILE]

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    jobs: { type: 'string', default: '1' },
    save: { type: 'string' },
  },
});

const report = await crashTest(Number(values.runs), Number(values.seed), Number(values.jobs));
const w = report.writeFaults;
console.log(
  [
    `crash runs: ${report.runs} (seed ${report.seed}), SIGKILLed ${report.killed} (${report.killedWhilePublishing} inside the publish window), ${report.finishedBeforeKill} finished first`,
    `published files checked after a kill: ${report.publishedFilesChecked}, torn: ${report.tornFiles}; state files not whole: ${report.brokenStateFiles}`,
    `temporary files left by kills: ${report.temporaryFilesLeftByKills}, left after the next build: ${report.temporaryFilesAfterNextBuild}; next builds failed: ${report.failedNextBuilds}`,
    `write faults (ENOSPC, EDQUOT, EIO at fsync and rename, EROFS): ${w.refusedWrites} writes refused, ${w.filesChanged} served files changed, ${w.temporaryLeft} temporary files left`,
    `${report.seconds.toFixed(1)} s, ${report.msPerRun.toFixed(0)} ms per run`,
    ...report.problems.slice(0, 20),
  ].join('\n'),
);
if (values.save) await writeFile(values.save, `${JSON.stringify(report, null, 2)}\n`);
const failed =
  report.tornFiles +
  report.brokenStateFiles +
  report.temporaryFilesAfterNextBuild +
  report.failedNextBuilds +
  w.filesChanged +
  w.temporaryLeft;
process.exitCode = failed > 0 || w.refusedWrites === 0 ? 1 : 0;
