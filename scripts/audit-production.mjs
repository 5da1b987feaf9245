// CI: fails on any high or critical advisory in production dependencies (npm audit). A
// registry that does not serve the audit endpoint (some mirrors answer 405) gives no verdict
// at all: that is printed loudly, and the lockfile stays pinned, but it is not an advisory.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`npm audit: no report (${(run.stderr || run.stdout).trim().split('\n')[0]})`);
  process.exit(1);
}
const counts = report.metadata?.vulnerabilities;
if (counts === undefined) {
  const why = report.message ?? report.error?.summary ?? 'unknown error';
  console.warn(`npm audit: NOT CHECKED: the registry's audit endpoint did not answer: ${why}`);
  process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(
  `npm audit: ${serious} high or critical, ${counts.total ?? 0} in all, in production dependencies`,
);
if (serious > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {}))
    if (v.severity === 'high' || v.severity === 'critical')
      console.log(`  ${name}: ${v.severity} (${v.range})`);
  process.exit(1);
}
