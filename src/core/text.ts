// Terminal cell widths: fit a (sanitised) string into exactly `width` cells.
import stringWidth from 'string-width';

// Characters one cell wide on their own that never join a neighbour into one grapheme:
// printable ASCII, Latin-1 (but the soft hyphen), Latin Extended, IPA, Cyrillic (but its
// combining marks), punctuation (but zero-width and bidi controls, line separators), arrows,
// box drawing, blocks and shapes (but the two wide emoji squares). Text made only of these is
// as wide as it is long: string-width segments text into graphemes, ~360 µs for a 200-column
// header line with a sparkline in it, and the screen measures every line every frame.
export const NARROW_TEXT = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u0400-\u0482\u048a-\u04ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u25fc]*$/;

/** Whether every character of `text` is one cell wide on its own (see NARROW_TEXT). */
export const isNarrowText = (text: string): boolean => NARROW_TEXT.test(text);

// Cuts go between graphemes, never inside one: a character and the variation selector or
// modifier after it are one cell or two together (☺ + U+FE0F is an emoji, two cells).
const segmenter = new Intl.Segmenter();
const graphemes = (text: string): string[] => Array.from(segmenter.segment(text), (s) => s.segment);

/** Display width in terminal cells. */
export function cellWidth(text: string): number {
  return NARROW_TEXT.test(text) ? text.length : stringWidth(text);
}

/** The first of `variants` (longest first) that fits `width` cells, else the last one. */
export function firstThatFits(variants: readonly string[], width: number): string {
  for (const v of variants) if (cellWidth(v) <= width) return v;
  return variants[variants.length - 1] ?? '';
}

/** Cut `text` to at most `width` cells, marking a cut with `…`. */
export function truncateCells(text: string, width: number): string {
  if (width <= 0) return '';
  if (cellWidth(text) <= width) return text;
  if (NARROW_TEXT.test(text)) return text.slice(0, width - 1) + '…';
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    const w = stringWidth(g);
    if (used + w > width - 1) break;
    out += g;
    used += w;
  }
  return out + '…';
}

/**
 * `text` as lines of at most `width` cells, broken at spaces; a word longer than a line is split.
 * Lines after the first start with `indent`. Every character of `text` but the breaking spaces is kept.
 */
export function wrapCells(text: string, width: number, indent = ''): string[] {
  const w = Math.max(1, width);
  const ind = cellWidth(indent) < w ? indent : '';
  const lines: string[] = [];
  let current = '';
  let used = 0;
  const push = () => {
    lines.push(current);
    current = ind;
    used = cellWidth(ind);
  };
  for (const word of text.split(' ')) {
    const ww = cellWidth(word);
    const sep = used > cellWidth(lines.length === 0 ? '' : ind) ? 1 : 0;
    if (used + sep + ww <= w) {
      current += (sep ? ' ' : '') + word;
      used += sep + ww;
      continue;
    }
    if (sep) push();
    // Split a word that does not fit on a line of its own, character by character.
    for (const ch of graphemes(word)) {
      const cw = cellWidth(ch);
      if (used + cw > w && used > (lines.length === 0 ? 0 : cellWidth(ind))) push();
      // A wide character that does not fit after the indent goes without it.
      if (used + cw > w && lines.length > 0 && used === cellWidth(ind) && used > 0) {
        current = '';
        used = 0;
      }
      current += ch;
      used += cw;
    }
  }
  lines.push(current);
  return lines;
}

/** The last characters of `text` that fit in `width` cells. */
function tailCells(text: string, width: number): string {
  if (NARROW_TEXT.test(text)) return text.slice(text.length - width);
  const chars = graphemes(text);
  let used = 0;
  let i = chars.length;
  while (i > 0 && used + stringWidth(chars[i - 1]) <= width) used += stringWidth(chars[--i]);
  return chars.slice(i).join('');
}

/**
 * Cut `text` to at most `width` cells by dropping its middle (`maxsc…node12`): for names whose
 * start and end both tell them apart. The end keeps the larger share.
 */
export function truncateMiddle(text: string, width: number): string {
  if (width <= 0) return '';
  if (cellWidth(text) <= width) return text;
  if (width < 4) return truncateCells(text, width);
  const head = Math.floor((width - 1) * 0.4);
  const start = truncateCells(text, head + 1).slice(0, -1);
  return start + '…' + tailCells(text, width - 1 - cellWidth(start));
}

/** Exactly `width` cells: truncated with `…` if longer, padded with spaces otherwise. */
export function fitCells(text: string, width: number, align: 'left' | 'right' = 'left', cutAt: 'end' | 'middle' = 'end'): string {
  const cut = cutAt === 'middle' ? truncateMiddle(text, width) : truncateCells(text, width);
  const pad = width - cellWidth(cut);
  if (pad <= 0) return cut;
  return align === 'left' ? cut + ' '.repeat(pad) : ' '.repeat(pad) + cut;
}
