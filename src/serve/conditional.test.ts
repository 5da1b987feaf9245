import { describe, expect, it } from 'vitest';
import { isNotModified } from './conditional.js';

const ETAG = '"abc-gz"';
const MODIFIED_SEC = Date.parse('2026-11-26T06:20:00Z') / 1000;

describe('isNotModified', () => {
  it.each([
    [{ 'if-none-match': ETAG }, true],
    [{ 'if-none-match': `W/${ETAG}` }, true],
    [{ 'if-none-match': `"x", ${ETAG} , "y"` }, true],
    [{ 'if-none-match': '*' }, true],
    [{ 'if-none-match': '"abc"' }, false],
    [{ 'if-none-match': 'abc-gz' }, false],
    [{ 'if-none-match': '"abc"', 'if-modified-since': 'Fri, 27 Nov 2026 00:00:00 GMT' }, false],
    [{ 'if-modified-since': 'Thu, 26 Nov 2026 06:20:00 GMT' }, true],
    [{ 'if-modified-since': 'Thu, 26 Nov 2026 06:19:59 GMT' }, false],
    [{ 'if-modified-since': 'yesterday' }, false],
    [{}, false],
  ])('%j → %s', (headers, expected) => {
    expect(isNotModified(headers, ETAG, MODIFIED_SEC)).toBe(expected);
  });

  it('never answers If-Modified-Since for a page without a modification time', () => {
    expect(isNotModified({ 'if-modified-since': 'Fri, 27 Nov 2026 00:00:00 GMT' }, ETAG, undefined)).toBe(
      false,
    );
  });
});
