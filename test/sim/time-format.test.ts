import { describe, expect, it } from 'vitest';
import { asctime, httpDate, memoBySecond } from '../../src/sim/time-format.js';

describe('memoBySecond', () => {
  it('gives the very text of the format it caches, fractional and pre-1970 times too', () => {
    const asc = memoBySecond(asctime);
    const http = memoBySecond(httpDate);
    const times = [0, 0.5, 999.9, 1000, -0.5, -1, -999.5, -1000, -1000.5, -1001, -1500.7, 1_704_439_446_123.456, -8.64e15, 8.64e15, 8.64e15 + 1, 8.64e15 + 999, -8.64e15 - 0.5, NaN];
    for (let i = 0; i < 2000; i++) times.push((i * 7_919_993.37) % 4e12 - 2e12);
    for (const ms of times) {
      expect(asc(ms)).toBe(asctime(ms));
      expect(http(ms)).toBe(httpDate(ms));
    }
  });

  it('formats each second once, whatever the milliseconds', () => {
    let calls = 0;
    const memo = memoBySecond((ms) => `${++calls}:${ms}`);
    expect(memo(1_704_439_446_001.5)).toBe('1:1704439446000');
    expect(memo(1_704_439_446_999)).toBe('1:1704439446000');
    expect(memo(1_704_439_447_000)).toBe('2:1704439447000');
  });

  it('stays bounded', () => {
    let calls = 0;
    const memo = memoBySecond(() => String(++calls), 3);
    for (const s of [1, 2, 3, 4, 1]) memo(s * 1000);
    // The fourth second cleared the cache: the first is formatted again.
    expect(calls).toBe(5);
  });
});
