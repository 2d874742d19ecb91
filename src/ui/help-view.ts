// The help screen as lines that fit the terminal: wrapped to the width, and a window of them when
// they are more than the screen has room for (it scrolls). Pure: the reducer uses it to know
// whether there is anything to scroll, the renderer to draw it.
import { wrapCells } from '../core/text.js';

/** The help screen: every key, grouped. Key pairs are joined by no-break spaces (`<\u00a0/\u00a0>`): wrapping never splits them. */
export const HELP_LINES: readonly string[] = [
  'Move      ↑/↓ j Ctrl-P/Ctrl-N PgUp/PgDn Home/End g/G   (k is close, not vim-up)',
  'Sort      N id  H host  U user  C client  S service  T state  A connected (age)',
  '          I idle  B backends  M memory  O I/O   <\u00a0/\u00a0> previous/next column',
  '          the same key again reverses the direction',
  'Detail    Enter or → opens the session, ← or Esc closes it, ↑/↓ previous/next',
  'Close     k or Delete (Backspace): the session under the cursor, the tagged ones',
  '          or, in the detail view, the one shown; y confirms, other keys cancel;',
  '          a long list scrolls (↑↓ PgUp PgDn), y acts once all of it was shown',
  'Tag       Space tags/untags and moves down; Esc clears all tags',
  'Filter    / then type: words match id, user, client, service, state, host;',
  '          field:value (id user client service state host); !term negates;',
  '          Enter keeps the filter, Esc clears it',
  'Min idle  m then 300, 30s, 5m or 1h; Enter applies (0 or empty clears)',
  'Refresh   p pause/resume   +\u00a0/\u00a0- interval   r refresh now',
  'Other     ? help (other keys close it; ↑↓ scroll a long one)   q or Ctrl-C quit',
  'Text from the server is shown safely: controls as ^[ ^G …, C1/bidi as <U+202E>.',
];

/** The continuation of a wrapped help line starts under the text, past the group's name. */
const HELP_INDENT = ' '.repeat(10);

export interface HelpView {
  /** Every line of help, wrapped to the width (never cut). */
  lines: string[];
  /** How many of them fit. */
  room: number;
  /** The first line shown, clamped so the window stays within the lines. */
  top: number;
}

export function helpText(columns: number): string[] {
  const out = ['Keys'];
  const width = Math.max(1, columns);
  for (const l of HELP_LINES) {
    // A continuation line of a group keeps its indent, on every line it wraps to (wrapCells
    // would take its leading spaces for breaking spaces), while the terminal is wide enough.
    const lead = /^ */.exec(l)![0];
    // A group's first line ("Sort      N id …") continues under its text; a note under nothing.
    const grouped = /^\S[\S ]*?\S {2,}/.exec(l)?.[0].length === HELP_INDENT.length;
    if (lead.length > 0 && width - lead.length >= 20) out.push(...wrapCells(l.slice(lead.length), width - lead.length).map((w) => lead + w));
    else out.push(...wrapCells(l, width, grouped ? HELP_INDENT : ''));
  }
  return out;
}

export function helpView(columns: number, room: number, top: number): HelpView {
  const lines = helpText(columns);
  return { lines, room, top: Math.max(0, Math.min(top, lines.length - room)) };
}

/** More lines than room, and room to show some: ↑↓ PgUp PgDn Home End scroll. */
export const helpScrolls = (v: HelpView): boolean => v.room > 0 && v.lines.length > v.room;
