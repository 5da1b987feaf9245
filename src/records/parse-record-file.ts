import type { Article, Diagnostic } from './article.js';
import { renderMarkdown } from './markdown-body.js';
import { normaliseRecord } from './normalise-record.js';
import { decodeUtf8, parseJsonRecord, parseMarkdownRecord } from './parse-source.js';
import { ID_PATTERN } from './schema.js';

export interface RecordOptions {
  readonly baseUrl: string;
  readonly language: string;
  readonly maxBodyBytes: number;
}

/** What one record file gave: its article if valid, the id it claims, every problem. */
export interface FileResult {
  readonly article?: Article;
  readonly id?: string;
  readonly diagnostics: readonly Diagnostic[];
}

export function problem(display: string, message: string, p = ''): FileResult {
  return { diagnostics: [{ file: display, path: p, message, severity: 'error' }] };
}

/** Turns one file's bytes into a result; never throws for bad input. */
export function parseRecordFile(
  bytes: Uint8Array,
  isMarkdown: boolean,
  display: string,
  opts: RecordOptions,
): FileResult {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return problem(display, decoded.message);
  const parsed = isMarkdown ? parseMarkdownRecord(decoded.text) : parseJsonRecord(decoded.text);
  if (!parsed.ok) return problem(display, parsed.message, parsed.path);
  const input =
    isMarkdown && parsed.body !== undefined && typeof parsed.value === 'object' && parsed.value !== null
      ? { ...parsed.value, body: parsed.body }
      : parsed.value;
  const result = normaliseRecord(input, display, { ...opts, bodyIsMarkdown: isMarkdown, renderMarkdown });
  // A record claims its id even when it is broken: a broken copy must not let its twin through.
  const id = (input as { id?: unknown } | null)?.id;
  const claimed = typeof id === 'string' && ID_PATTERN.test(id) ? { id } : {};
  const diagnostics: Diagnostic[] = [
    ...result.errors.map((e) => ({
      file: display,
      path: e.path,
      message: e.message,
      severity: 'error' as const,
    })),
    ...result.warnings.map((w) => ({
      file: display,
      path: w.path,
      message: w.message,
      severity: 'warning' as const,
    })),
  ];
  return result.article ? { article: result.article, diagnostics, ...claimed } : { diagnostics, ...claimed };
}
