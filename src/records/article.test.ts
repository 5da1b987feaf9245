import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './article.js';

describe('formatDiagnostic', () => {
  it('names file, field and problem on one line', () => {
    expect(
      formatDiagnostic({
        file: 'content/a.json',
        path: 'images[1].credit',
        message: 'required',
        severity: 'error',
      }),
    ).toBe('content/a.json: images[1].credit: required');
  });

  it('shows what would end the line, move the cursor or reorder the text as escapes', () => {
    const line = formatDiagnostic({
      file: 'content/evil\n.json',
      path: 'headline',
      message: 'not "a\u2028b\u009b31m\u001b[2J\u202Eesrever\u0085\ud800"',
      severity: 'error',
    });
    expect(line).toBe(
      'content/evil\\u000a.json: headline: not "a\\u2028b\\u009b31m\\u001b[2J\\u202eesrever\\u0085\\ud800"',
    );
  });
});
