// Fitting text to terminal cells: cutting in the middle and wrapping.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellWidth, truncateMiddle, wrapCells } from '../../src/core/text.js';

describe('truncateMiddle', () => {
  it('keeps the start and the (longer) end', () => {
    expect(truncateMiddle('abcdefghijklmnopqrstuvwxyz', 10)).toBe('abc…uvwxyz');
    expect(truncateMiddle('short', 10)).toBe('short');
    expect(truncateMiddle('abcdef', 3)).toBe('ab…');
  });
  it('property: never wider than asked, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer({ min: 0, max: 30 }), (s, w) => {
        expect(cellWidth(truncateMiddle(s, w))).toBeLessThanOrEqual(w);
      }),
    );
  });
});

describe('wrapCells', () => {
  it('breaks at spaces, indents continuation lines, splits words longer than a line', () => {
    expect(wrapCells('Close session 7 app@10.0.0.1 idle 5m', 16, '  ')).toEqual(['Close session 7', '  app@10.0.0.1', '  idle 5m']);
    expect(wrapCells('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapCells('short', 40)).toEqual(['short']);
  });
  it('property: no line wider than asked (≥ 2), and every non-space character kept in order', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '界', 'é'), maxLength: 80 }), fc.integer({ min: 2, max: 30 }), (s, w) => {
        const lines = wrapCells(s, w, ' ');
        for (const l of lines) expect(cellWidth(l)).toBeLessThanOrEqual(w);
        expect(lines.join('').replace(/ /g, '')).toBe(s.replace(/ /g, ''));
      }),
    );
  });
});
