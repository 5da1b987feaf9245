import path from 'node:path';
import type { BuildResult } from '../build.js';
import { formatDiagnostic } from '../records/article.js';

/** A short human summary on stdout (diagnostics on stderr), or the status as JSON. */
export function printSummary(result: BuildResult, json: boolean): void {
  const { status, publish } = result;
  if (json) {
    const counts = { recordsRead: result.recordsRead, rendered: result.rendered };
    const out = { ...status, ...counts, written: publish.written, unchanged: publish.unchanged.length };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  for (const d of result.diagnostics)
    process.stderr.write(`${d.severity === 'warning' ? 'warning: ' : ''}${formatDiagnostic(d)}\n`);
  for (const f of publish.failed)
    process.stderr.write(`not published: ${f.path}: ${f.problems.join('; ')}\n`);
  const out = path.relative(process.cwd(), result.outDir) || '.';
  const lines = [
    `${status.records.valid} of ${status.records.files} records valid, ${status.records.rejected} rejected (${result.recordsRead} read, the rest unchanged)`,
    `${path.join(out, '{rss.xml,atom.xml,feed.json}')}: ${status.feeds.main.items} stories`,
    `${status.feeds.count} feeds (${Object.entries(status.feeds.byKind)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ')}), ${status.feeds.archivePages} archive pages`,
    ...(status.wire
      ? [
          `${path.join(out, 'newsml')}/: ${status.wire.messages} NewsML-G2 messages (${status.wire.canceled} canceled)`,
        ]
      : []),
    `${status.stories.embargoed} embargoed, ${status.stories.drafts} drafts, ${status.stories.killed} killed`,
    result.enrichment,
    `${publish.written.length} files written, ${publish.unchanged.length} unchanged, ${publish.failed.length} refused (${result.rendered} rendered)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
