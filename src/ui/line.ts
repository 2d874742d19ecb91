// Styled screen lines: the types every screen part builds, and the helpers to build them.
import { cellWidth, truncateCells } from '../core/text.js';

export type Colour = 'red' | 'yellow' | 'green' | 'cyan' | 'magenta' | 'blue';

export interface Style {
  color?: Colour;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

export interface Segment extends Style {
  text: string;
}

export interface Line {
  key: string;
  segments: Segment[];
}

export interface ScreenOptions {
  color: boolean;
  idleWarnSec: number;
  idleCritSec: number;
  label?: string;
}

/** Cuts the segments to `width` cells in all and pads the last one to exactly `width`. */
export function fitSegments(segments: readonly Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let used = 0;
  for (const seg of segments) {
    if (used >= width) break;
    const w = cellWidth(seg.text);
    if (used + w <= width) {
      out.push(seg);
      used += w;
    } else {
      const cut = truncateCells(seg.text, width - used);
      out.push({ ...seg, text: cut });
      used += cellWidth(cut);
    }
  }
  if (used < width) out.push({ text: ' '.repeat(width - used) });
  return out;
}

export const line = (key: string, ...segments: Segment[]): Line => ({ key, segments });
export const plain = (text: string): Segment => ({ text });
export const styled = (text: string, style: Style, opts: ScreenOptions): Segment =>
  opts.color ? { text, ...style } : { text, bold: style.bold, dim: style.dim, inverse: style.inverse };
