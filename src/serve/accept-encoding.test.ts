import { describe, expect, it } from 'vitest';
import { chooseCoding } from './accept-encoding.js';

describe('chooseCoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['BR;Q=0.9, GZIP;Q=0.8', 'br'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['br;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['gzip;q=0.5, identity', 'identity'],
    ['gzip, identity', 'gzip'],
    ['identity;q=0, gzip;q=0.001', 'gzip'],
    ['deflate', 'identity'],
    // Nothing acceptable: identity anyway, not 406 (see chooseCoding).
    ['identity;q=0', 'identity'],
    ['*;q=0', 'identity'],
  ] as const)('%j → %s', (header, coding) => {
    expect(chooseCoding(header)).toBe(coding);
  });
});
