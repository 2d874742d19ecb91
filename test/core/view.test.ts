import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyView, followCursor, windowRows } from '../../src/core/view.js';
import { compileFilter } from '../../src/core/filter.js';
import { connectionRates } from '../../src/core/rates.js';
import { sparkline } from '../../src/core/sparkline.js';
import { makeSession } from './helpers/sessions.js';

const list = [1, 2, 3, 4, 5].map((id) => makeSession({ id, idle: id * 100, user: id % 2 ? 'odd' : 'even' }));

describe('applyView', () => {
  it('filters, applies min idle and sorts', () => {
    const f = compileFilter('user:odd');
    if (!f.ok) throw new Error();
    expect(applyView(list, { filter: f.predicate, minIdle: 200, sort: 'idle', descending: true }).map((s) => s.id)).toEqual([5, 3]);
    expect(applyView(list, { sort: 'id', descending: false }).map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('followCursor', () => {
  it('stays on the same session after a re-sort', () => {
    const next = [...list].reverse();
    expect(followCursor(list, list[1].key, next, 1)).toEqual({ index: 3, key: list[1].key, left: false });
  });
  it('moves to the following neighbour when the session left, else the preceding one', () => {
    const next = list.filter((s) => s.id !== 3);
    expect(followCursor(list, list[2].key, next, 2)).toEqual({ index: 2, key: list[3].key, left: true });
    const tailGone = list.filter((s) => s.id < 4);
    expect(followCursor(list, list[4].key, tailGone, 4)).toEqual({ index: 2, key: list[2].key, left: true });
  });
  it('handles empty lists', () => {
    expect(followCursor(list, list[0].key, [], 0)).toEqual({ index: 0, key: null, left: true });
    expect(followCursor([], null, list, 0)).toEqual({ index: 0, key: list[0].key, left: false });
  });
  it('property: the cursor is always a valid row and keeps its session when present', () => {
    fc.assert(
      fc.property(fc.subarray(list), fc.subarray(list), fc.nat(10), (prev, next, at) => {
        const idx = prev.length ? at % prev.length : 0;
        const key = prev[idx]?.key ?? null;
        const r = followCursor(prev, key, next, idx);
        if (next.length === 0) return;
        expect(r.index).toBeGreaterThanOrEqual(0);
        expect(r.index).toBeLessThan(next.length);
        expect(next[r.index].key).toBe(r.key);
        if (key !== null && next.some((s) => s.key === key)) expect(r.key).toBe(key);
      }),
    );
  });
});

describe('windowRows', () => {
  it('scrolls only when the cursor leaves the window', () => {
    expect(windowRows(100, 0, 10, 0)).toEqual({ start: 0, end: 10 });
    expect(windowRows(100, 12, 10, 0)).toEqual({ start: 3, end: 13 });
    expect(windowRows(100, 5, 10, 3)).toEqual({ start: 3, end: 13 });
    expect(windowRows(100, 2, 10, 3)).toEqual({ start: 2, end: 12 });
    expect(windowRows(5, 4, 10, 3)).toEqual({ start: 0, end: 5 });
    expect(windowRows(0, 0, 10, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('connectionRates / sparkline', () => {
  const conn = (reads: number, writes: number) => ({
    server: 'db1',
    statistics: { reads, writes, bufferedWrites: 0, highWaterEvents: 0, lowWaterEvents: 0 },
  });
  it('computes per-second deltas and null without a previous sample or on reset', () => {
    expect(connectionRates(null, { connections: [conn(5, 5)], at: 1000 })).toEqual([{ readsPerSec: null, writesPerSec: null }]);
    expect(connectionRates({ connections: [conn(10, 4)], at: 0 }, { connections: [conn(30, 2)], at: 2000 })).toEqual([
      { readsPerSec: 10, writesPerSec: null },
    ]);
  });
  it('draws a sparkline of the last values', () => {
    expect(sparkline([0, 7, 14], 10)).toBe('▁▅█');
    expect(sparkline([3, 3], 10)).toBe('▁▁');
    expect(sparkline([1, 2, 3, 4], 2)).toBe('▁█');
    expect(sparkline([], 5)).toBe('');
  });
});
