import { formatDiagnostic } from '../records/article.js';
import type { EnrichResult, EnrichStats } from './enrich-images.js';

// What the build reports about images. status.json gets only what the content and the hosts
// decide (counts, problem lines), never timings or cache hits, so that an unchanged build
// writes an unchanged status.json; the terminal summary gets the rest.

export interface ImageStatus {
  readonly images: number;
  /** Images published with type, length, width and height. */
  readonly complete: number;
  readonly incomplete: number;
  /** One line per problem: `content/x.json: images[1]: GET https://…: 404 Not Found`. */
  readonly problems: readonly string[];
}

export function imageStatusOf(result: EnrichResult): ImageStatus {
  const { images, complete } = result.published;
  return {
    images,
    complete,
    incomplete: images - complete,
    problems: result.problems.map(formatDiagnostic),
  };
}

/** One summary line, e.g. `images: 27 (24 complete in records); 3 looked up: 2 cached, 1 measured, 0 failed, 0 left by the budget; 1 request in 0.4 s of 30 s`. */
export function summariseEnrichment(s: EnrichStats): string {
  const head = `images: ${s.images} (${s.completeInRecords} complete in records)`;
  if (s.urls === 0) return head;
  const found = `${s.fromCache} cached, ${s.revalidated} revalidated, ${s.measured} measured, ${s.failed} failed, ${s.notLookedUp} left by the budget`;
  const time = `${s.requests} request${s.requests === 1 ? '' : 's'} in ${seconds(s.elapsedMs)} of ${seconds(s.budgetMs)}`;
  return `${head}; ${s.urls} looked up: ${found}; ${time}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
