// The detail table's column fitting: drop order on narrow terminals, fair sharing of spare width.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitColumns, type ColumnFit } from '../../src/ui/fit-columns.js';

const col = (min: number, want: number, drop: number): ColumnFit => ({ min, want, drop });
const used = (widths: (number | null)[]): number => {
  const kept = widths.filter((w): w is number => w !== null);
  return kept.reduce((a, b) => a + b, 0) + Math.max(0, kept.length - 1);
};

describe('fitColumns', () => {
  it('shares spare width between text columns instead of giving it all to one', () => {
    // SERVER, ROLE (wants 23: "Backend Request Handler"), STATE (wants 23).
    const widths = fitColumns([col(10, 10, 0), col(6, 23, 2), col(8, 23, 1)], 200);
    expect(widths).toEqual([10, 23, 23]);
    // Not enough for both: each grows in turn, neither is starved.
    const tight = fitColumns([col(10, 10, 0), col(6, 23, 2), col(8, 23, 1)], 40);
    expect(used(tight)).toBe(40);
    expect(tight[1]).toBeGreaterThanOrEqual(11);
    expect(tight[2]).toBeGreaterThanOrEqual(11);
  });

  it('drops the highest drop rank first, never a rank 0 column', () => {
    const columns = [col(10, 10, 0), col(7, 7, 4), col(9, 15, 2), col(6, 22, 10)];
    expect(fitColumns(columns, 80).every((w) => w !== null)).toBe(true);
    expect(fitColumns(columns, 30)).toEqual([10, 7, 11, null]);
    expect(fitColumns(columns, 20)).toEqual([10, null, 9, null]);
    expect(fitColumns(columns, 5)).toEqual([10, null, null, null]);
  });

  it('fits whenever the undroppable columns fit; widths stay within min…want when there is room', () => {
    const arbColumn = fc.record({ min: fc.integer({ min: 1, max: 20 }), extra: fc.integer({ min: 0, max: 30 }), drop: fc.integer({ min: 0, max: 10 }) });
    fc.assert(
      fc.property(fc.array(arbColumn, { minLength: 1, maxLength: 16 }), fc.integer({ min: 1, max: 300 }), (specs, width) => {
        const columns = specs.map((s) => col(s.min, s.min + s.extra, s.drop));
        const widths = fitColumns(columns, width);
        const fixed = columns.filter((c) => c.drop === 0);
        const fixedWidth = fixed.reduce((a, c) => a + c.min + 1, 0) - 1;
        if (fixedWidth <= width) expect(used(widths)).toBeLessThanOrEqual(width);
        widths.forEach((w, i) => {
          if (columns[i].drop === 0) expect(w).not.toBeNull();
          if (w !== null) {
            expect(w).toBeGreaterThanOrEqual(columns[i].min);
            expect(w).toBeLessThanOrEqual(columns[i].want);
          }
        });
      }),
    );
  });
});
