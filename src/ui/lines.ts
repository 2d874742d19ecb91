// The whole screen as lines, built by pure functions from the state. Every line is cut to the
// terminal width (nothing wraps) and everything from the server has been sanitised.
import { confirmLines, helpLines } from './dialogs.js';
import { detailLines } from './detail.js';
import { footerLines } from './footer.js';
import { headerLines } from './header.js';
import { fitSegments, type Line, type ScreenOptions } from './line.js';
import { tableHeight, type UiState } from './state.js';
import { tableLines, type TableLayout } from './table.js';

export type { Line, ScreenOptions, Segment } from './line.js';
export { tableLayout } from './table.js';

/** The whole screen: never more than rows − 1 lines, none wider than the terminal. */
export function screenLines(state: UiState, layout: TableLayout, opts: ScreenOptions): Line[] {
  const width = Math.max(1, state.columns);
  const height = tableHeight(state.rows);
  let body: Line[];
  if (state.mode === 'help') body = helpLines(state);
  else if (state.mode === 'confirm') body = confirmLines(state, opts);
  else if (state.mode === 'detail' || (state.detail && state.mode !== 'table')) body = detailLines(state, opts);
  else body = tableLines(state, layout, opts, height);
  const max = Math.max(0, state.rows - 1);
  const header = headerLines(state, opts);
  const footer = footerLines(state, opts);
  // Tiny terminals: body lines go first, then the header's detail lines; the title line and the
  // footer (keys, and what just happened) stay as long as they can.
  let fitted: Line[];
  if (header.length + footer.length < max) fitted = [...header, ...body.slice(0, Math.min(height + 1, max - header.length - footer.length)), ...footer];
  else {
    const title = header.slice(0, Math.min(1, max));
    const foot = footer.slice(0, max - title.length);
    fitted = [...title, ...header.slice(1, 1 + max - title.length - foot.length), ...foot];
  }
  // A loop, not a closure made per frame (see compareSorting in core/sort.ts).
  const out: Line[] = new Array(fitted.length);
  for (let i = 0; i < fitted.length; i++) out[i] = { key: fitted[i].key, segments: fitSegments(fitted[i].segments, width) };
  return out;
}
