import path from 'node:path';
import { type OutputKind, publishOutputs } from '../../src/publish/publish-outputs.js';
import { type Fault, faultyWriteFs } from '../../test/faulty-write-fs.js';
import { snapshot, temporaryFiles } from './site.js';

// Write errors injected at the write layer: publishing a full set of changed outputs onto a
// folder through a disk that fails must leave every served file exactly as it was.

const FAULTS: readonly Fault[] = [
  { step: 'write', code: 'ENOSPC' },
  { step: 'write', code: 'EDQUOT' },
  { step: 'sync', code: 'EIO' },
  { step: 'rename', code: 'EIO' },
  { step: 'open', code: 'EROFS' },
];

export interface WriteFaultReport {
  readonly faults: number;
  readonly refusedWrites: number;
  readonly filesChanged: number;
  readonly temporaryLeft: number;
}

export function kindOf(file: string): OutputKind {
  if (file === 'rss.xml' || file.endsWith('/rss.xml')) return 'rss';
  if (file === 'atom.xml' || file.endsWith('/atom.xml')) return 'atom';
  if (file.endsWith('feed.json')) return 'jsonfeed';
  if (file.startsWith('newsml/')) return 'newsml';
  if (file.endsWith('.json')) return 'json';
  if (file.endsWith('.html')) return 'html';
  return 'xml';
}

/** Publishes `other` (valid outputs differing from what is served) onto `feeds` through each fault. */
export async function injectWriteFaults(
  feeds: string,
  other: ReadonlyMap<string, Buffer>,
): Promise<WriteFaultReport> {
  const served = await snapshot(feeds);
  const outputs = [...other].map(([p, bytes]) => ({
    path: p.split(path.sep).join('/'),
    kind: kindOf(p),
    text: bytes.toString('utf8'),
  }));
  let refusedWrites = 0;
  let filesChanged = 0;
  let temporaryLeft = 0;
  for (const fault of FAULTS) {
    const report = await publishOutputs(feeds, outputs, { fs: faultyWriteFs(fault) });
    refusedWrites += report.failed.filter((f) =>
      f.problems[0]?.startsWith(`write failed: ${fault.code}`),
    ).length;
    const now = await snapshot(feeds);
    for (const [p, bytes] of served) if (!now.get(p)?.equals(bytes)) filesChanged++;
    temporaryLeft += (await temporaryFiles(feeds)).length;
  }
  return { faults: FAULTS.length, refusedWrites, filesChanged, temporaryLeft };
}
