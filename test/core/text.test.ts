// Fitting text to terminal cells: cutting in the middle and wrapping.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { cellWidth, isNarrowText, truncateCells, truncateMiddle, wrapCells } from '../../src/core/text.js';

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

describe('cellWidth', () => {
  it('takes a character for one cell only where string-width does, alone and between others', () => {
    let narrow = 0;
    for (let cp = 0x20; cp <= 0xffff; cp++) {
      const ch = String.fromCharCode(cp);
      if (!isNarrowText(ch)) continue;
      narrow++;
      expect([cp.toString(16), stringWidth(ch), stringWidth(`a${ch}b`)]).toEqual([cp.toString(16), 1, 3]);
    }
    // The sparkline's blocks, box lines, arrows, sort marks, the ellipsis, accented Latin, Cyrillic.
    expect(isNarrowText('▁▂▃▄▅▆▇█│↑↓▲▼…éžЖ')).toBe(true);
    expect(narrow).toBeGreaterThan(1000);
  });
  it('property: the same width as string-width for any mix of narrow, wide, combining and invisible characters', () => {
    const pieces = ['a', ' ', '~', 'é', 'ž', 'Ж', '▁', '█', '│', '…', '→', '▲', 'e\u0301', '\u0301', '\u00ad', '\u200b', '\u200d', '日', '한', '\u1100\u1161', '😀', '👍🏽', '☺\ufe0f', '\u0915\u0903', '🇫🇷', '\u25fd', '\u2028'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(cellWidth(text)).toBe(stringWidth(text));
        for (let w = 0; w <= 8; w++) {
          expect(cellWidth(truncateCells(text, w))).toBeLessThanOrEqual(w);
          expect(cellWidth(truncateMiddle(text, w))).toBeLessThanOrEqual(w);
          for (const l of wrapCells(text, w + 2)) expect(cellWidth(l)).toBeLessThanOrEqual(w + 2);
        }
      }),
      { numRuns: 500 },
    );
  });
});
