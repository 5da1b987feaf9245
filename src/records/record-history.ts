import type { Article, Diagnostic } from './article.js';
import type { FileResult } from './parse-record-file.js';

// records.md: a correction is a new version; a kill withdraws a story for good. A file's new
// content is checked against the last good version the same file gave, so a CMS that rolls a
// story back or brings a killed one back to life is caught instead of confusing wire partners,
// who keep the highest version they received and have already been told to withdraw a kill.

export function checkHistory(result: FileResult, last: Article | undefined, display: string): FileResult {
  const next = result.article;
  if (next === undefined || last === undefined || last.id !== next.id) return result;
  const problem = (path: string, message: string, severity: Diagnostic['severity']): Diagnostic => ({
    file: display,
    path,
    message,
    severity,
  });
  const rejected = (d: Diagnostic): FileResult => ({
    diagnostics: [...result.diagnostics, d],
    ...(result.id === undefined ? {} : { id: result.id }),
  });
  if (last.status === 'killed' && next.status !== 'killed') {
    return rejected(
      problem(
        'status',
        `is "${next.status}" but the story was killed; a killed story stays withdrawn, publish it again under a new id`,
        'error',
      ),
    );
  }
  if (next.version < last.version) {
    return rejected(
      problem(
        'version',
        `is ${next.version}, lower than ${last.version} already given; versions only go up`,
        'error',
      ),
    );
  }
  if (next.version === last.version && changed(next, last)) {
    const warning = problem(
      'version',
      `is still ${next.version} but the story changed; raise it so wire partners take the update`,
      'warning',
    );
    return { ...result, diagnostics: [...result.diagnostics, warning] };
  }
  return result;
}

function changed(a: Article, b: Article): boolean {
  return JSON.stringify({ ...a, origin: '' }) !== JSON.stringify({ ...b, origin: '' });
}
