// What the close confirmation shows, as plain text lines that fit the terminal, and which of them
// are on screen. Pure: the reducer uses it to know whether everything to be closed has been shown
// (`y` acts only then), the renderer to draw it.
import type { Session } from '../core/model.js';
import { formatDuration } from '../core/format.js';
import { sanitize } from '../core/sanitize.js';
import { wrapCells } from '../core/text.js';

export function describeSession(s: Session, elapsed: number): string {
  const who = `${s.user === null ? '-' : sanitize(s.user, 128)}@${s.address === null ? '-' : sanitize(s.address, 64)}`;
  const host = s.target ? ` on ${sanitize(s.target, 128)}` : '';
  return `session ${s.id} ${who} service ${sanitize(s.service ?? '-', 128)} idle ${formatDuration(s.idle === null ? null : s.idle + elapsed)}${host}`;
}

export interface ConfirmView {
  /** Every line of the question and the sessions, wrapped to the width (never cut). */
  lines: string[];
  /** How many of them fit above the answer line; 0 when the terminal is too small to show any. */
  room: number;
  /** The first line shown, clamped so the window stays within the lines. */
  top: number;
}

/** The title is this many lines long; the rest are the sessions, each wrapped. */
export function confirmText(list: readonly Session[], elapsed: number, width: number): string[] {
  if (list.length === 1) return wrapCells(`Close ${describeSession(list[0], elapsed)}?`, width, '  ');
  const out = wrapCells(`Close these ${list.length} tagged sessions?`, width, '  ');
  for (const s of list) {
    for (const l of wrapCells(describeSession(s, elapsed), Math.max(1, width - 2), '    ')) out.push('  ' + l);
  }
  return out;
}

/** `room`: the lines the screen has for it, above the answer line. */
export function confirmView(list: readonly Session[], elapsed: number, columns: number, room: number, top: number): ConfirmView {
  const lines = confirmText(list, elapsed, Math.max(1, columns));
  return { lines, room, top: Math.max(0, Math.min(top, lines.length - room)) };
}

/** True when the window shows the last line (and so, scrolled or not, everything has been on screen). */
export const showsEnd = (v: ConfirmView): boolean => v.room > 0 && v.top + v.room >= v.lines.length;
