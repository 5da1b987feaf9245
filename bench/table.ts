// Plain-text formatting for the benchmark's report. MB means 10^6 bytes throughout.

const MB = 1e6;

/** One PASS/FAIL line; `pass` undefined means the check was skipped. */
export interface Target {
  readonly label: string;
  readonly pass: boolean | undefined;
  readonly detail: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const ms = (v: number): string =>
  v < 10 ? `${v.toFixed(2)} ms` : v < 1000 ? `${v.toFixed(0)} ms` : `${(v / 1000).toFixed(2)} s`;
export const mb = (bytes: number): string => `${(bytes / MB).toFixed(bytes < 10 * MB ? 2 : 0)} MB`;
export const mbPerSec = (bytes: number, millis: number): number => bytes / MB / (millis / 1000);
export const perSec = (count: number, millis: number): number => count / (millis / 1000);
export const rate = (v: number): string =>
  v >= 1e5 ? `${(v / 1000).toFixed(0)}k` : v >= 1e4 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0);
export const ratio = (v: number): string => `${v.toFixed(v < 10 ? 2 : 1)}x`;
export const percent = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** Columns padded to their widest cell; text left-aligned, cells that look numeric right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = /^[≤~]?[-\d.,]+(x| ms| s| MB| MB\/s|k|%)?$/;
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => {
        const w = widths[i] ?? 0;
        return numeric.test(c) ? c.padStart(w) : c.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function heading(title: string): string {
  return `\n${title}\n${'='.repeat(title.length)}`;
}
