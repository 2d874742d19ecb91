import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatRate } from '../../src/core/format.js';

describe('formatDuration', () => {
  it.each([
    [null, '-'],
    [undefined, '-'],
    [Number.NaN, '-'],
    [-3, '0s'],
    [0, '0s'],
    [5, '5s'],
    [59.9, '59s'],
    [60, '1m00s'],
    [47 * 60 + 5, '47m05s'],
    [3 * 3600 + 12 * 60 + 59, '3h12m'],
    [2 * 86400 + 4 * 3600, '2d04h'],
    [400 * 86400, '400d00h'],
    [99_999 * 86400 + 23 * 3600, '99999d23h'],
    [100_000 * 86400, '>99999d'],
    [1e300, '>99999d'],
  ])('%s → %s', (input, out) => expect(formatDuration(input as number | null | undefined)).toBe(out));
});

describe('formatBytes', () => {
  it.each([
    [undefined, '-'],
    [-1, '-'],
    [0, '0B'],
    [512, '512B'],
    [1024, '1.0K'],
    [66 * 1024, '66K'],
    [1.2 * 1024 * 1024, '1.2M'],
    [10239, '10K'],
    [5 * 1024 ** 3, '5.0G'],
    [9999 * 1024 ** 5, '9999P'],
    [1e300, '>9999P'],
  ])('%s → %s', (input, out) => expect(formatBytes(input)).toBe(out));
});

describe('formatCount / formatRate', () => {
  it('formats counts compactly from 10k', () => {
    expect(formatCount(undefined)).toBe('-');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(9999)).toBe('9999');
    expect(formatCount(12345)).toBe('12k');
    expect(formatCount(1_234_567)).toBe('1.2M');
    expect(formatCount(1e15)).toBe('1000T');
    expect(formatCount(1e300)).toBe('>9999T');
  });
  it('formats rates', () => {
    expect(formatRate(null)).toBe('-');
    expect(formatRate(3.44)).toBe('3.4/s');
    expect(formatRate(120)).toBe('120/s');
  });
});
