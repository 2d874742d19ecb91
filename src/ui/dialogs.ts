// The close confirmation and the help screen.
import { helpView } from './help-view.js';
import { firstThatFits } from '../core/text.js';
import { line, plain, styled, type Line, type ScreenOptions } from './line.js';
import { confirmableOnceDrawn, confirmViewOf, helpRoom, type UiState } from './state.js';

/**
 * The confirmation names every session it would close, wrapped, never cut: when the list is
 * longer than the screen it scrolls, and `y` acts only once its end has been on screen.
 */
export function confirmLines(state: UiState, opts: ScreenOptions): Line[] {
  const view = confirmViewOf(state);
  const out: Line[] = [];
  for (let i = view.top; i < view.lines.length && i < view.top + view.room; i++) {
    const text = view.lines[i];
    out.push(line(`c-${i}`, view.owners[i] === 0 ? styled(text, { bold: true, color: 'red' }, opts) : plain(text)));
  }
  let answer: string[];
  if (view.room === 0) answer = ['too small to show what would be closed: enlarge the terminal; any other key cancels', 'too small: enlarge it · other keys cancel'];
  else if (view.lines.length > view.room) {
    const last = Math.min(view.lines.length, view.top + view.room);
    const at = `lines ${view.top + 1}–${last} of ${view.lines.length}`;
    const ready = confirmableOnceDrawn(state);
    const y = ready ? 'y = close' : 'y = close once all was shown';
    const yShort = ready ? 'y close' : 'y once all shown';
    answer = [`${at}, ↑↓ PgUp PgDn scroll · ${y} · other keys cancel`, `${at} · ↑↓ scroll · ${yShort} · other keys cancel`, `${view.top + 1}–${last}/${view.lines.length} ↑↓ · ${yShort} · other: cancel`];
  } else answer = ['y = close (re-checked first), any other key = cancel', 'y = close, any other key = cancel', 'y close · other: cancel'];
  out.push(line('c-answer', styled(firstThatFits(answer, state.columns), { bold: true }, opts)));
  return out;
}

/** The help screen, wrapped to the width; the window of it that fits when it is longer. */
export function helpLines(state: UiState): Line[] {
  const view = helpView(state.columns, helpRoom(state.rows), state.helpTop);
  return view.lines.slice(view.top, view.top + view.room).map((t, i) => line(`help-${view.top + i}`, plain(t)));
}
