// Key bindings: a pure map from (state, key) to a command. The input hook runs the command.
//
// `k` closes (as issue 4's close section asks) and therefore is NOT vim-up: up is ↑ or Ctrl-P
// (down: ↓, j or Ctrl-N). Ink reports Backspace and Delete alike, so Backspace also asks to close;
// that only opens the confirmation, which anything but `y` cancels.
import type { Key } from 'ink';
import type { SortColumn } from '../core/sort.js';
import { canConfirm, type Step, type UiAction, type UiState } from './state.js';

export type Command =
  | { kind: 'dispatch'; action: UiAction }
  | { kind: 'quit' }
  | { kind: 'refresh' }
  | { kind: 'confirmClose' }
  | { kind: 'togglePause' }
  | { kind: 'interval'; intervalSec: number }
  | { kind: 'openDetail' }
  /** Detail pane: show the previous/next session of the table. */
  | { kind: 'detailStep'; to: 'up' | 'down' }
  | { kind: 'none' };

/** Sort keys: the column's letter, upper case so they never clash with commands. */
export const SORT_KEYS: Readonly<Record<string, SortColumn>> = {
  N: 'id',
  H: 'host',
  U: 'user',
  C: 'client',
  S: 'service',
  T: 'state',
  A: 'connected',
  I: 'idle',
  B: 'backends',
  M: 'memory',
  O: 'io',
};

export const INTERVAL_STEPS = [0.5, 1, 2, 3, 5, 10, 15, 30, 60, 120, 300] as const;

/** The next step up or down; past the last step (an interval set with -d) it stays where it is, never turning back. */
export function stepInterval(current: number, direction: 1 | -1): number {
  if (direction > 0) return INTERVAL_STEPS.find((s) => s > current) ?? current;
  return [...INTERVAL_STEPS].reverse().find((s) => s < current) ?? current;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const isPrintableText = (input: string): boolean => input.length > 0 && !CONTROL.test(input);
const isPrintable = (input: string, key: Key): boolean => isPrintableText(input) && !key.ctrl && !key.meta;

/** The keys that move the table's cursor, and scroll a long close confirmation or help screen. */
function stepKey(input: string, key: Key): Step | null {
  if (key.upArrow || (key.ctrl && input === 'p')) return 'up';
  if (key.downArrow || (key.ctrl && input === 'n') || input === 'j') return 'down';
  if (key.pageUp) return 'pageUp';
  if (key.pageDown) return 'pageDown';
  if (key.home || input === 'g') return 'home';
  if (key.end || input === 'G') return 'end';
  return null;
}

function quitKey(input: string, key: Key): boolean {
  return key.ctrl && input === 'c';
}

export function commandForKey(state: UiState, input: string, key: Key): Command {
  const dispatch = (action: UiAction): Command => ({ kind: 'dispatch', action });
  if (quitKey(input, key)) return { kind: 'quit' };

  switch (state.mode) {
    case 'confirm': {
      if (input === 'y' && !key.ctrl && !key.meta) return canConfirm(state) ? { kind: 'confirmClose' } : dispatch({ type: 'confirmUnseen' });
      // A confirmation longer than the screen scrolls; otherwise these keys cancel like any other.
      const scroll = state.confirmScrollable ? stepKey(input, key) : null;
      return scroll ? dispatch({ type: 'confirmScroll', to: scroll }) : dispatch({ type: 'cancelClose' });
    }
    case 'help': {
      if (input === 'q') return { kind: 'quit' };
      // Help longer than the screen scrolls; otherwise these keys close it like any other.
      const scroll = state.helpScrollable ? stepKey(input, key) : null;
      return scroll ? dispatch({ type: 'helpScroll', to: scroll }) : dispatch({ type: 'toggleHelp' });
    }
    case 'filter':
      if (key.escape) return dispatch({ type: 'filterClear' });
      if (key.return) return dispatch({ type: 'filterDone' });
      if (key.backspace || key.delete) return dispatch({ type: 'filterInput', text: [...state.filterText].slice(0, -1).join('') });
      if (key.ctrl && input === 'u') return dispatch({ type: 'filterInput', text: '' });
      if (isPrintable(input, key)) return dispatch({ type: 'filterInput', text: state.filterText + input });
      return { kind: 'none' };
    case 'minIdle':
      if (key.escape) return dispatch({ type: 'minIdleCancel' });
      if (key.return) return dispatch({ type: 'minIdleDone' });
      // The value the prompt opened with is replaced by the first key typed, as a selection is.
      if (key.backspace || key.delete) return dispatch({ type: 'minIdleInput', text: state.minIdleFresh ? '' : state.minIdleInput.slice(0, -1) });
      if (key.ctrl && input === 'u') return dispatch({ type: 'minIdleInput', text: '' });
      if (isPrintable(input, key)) return dispatch({ type: 'minIdleInput', text: (state.minIdleFresh ? '' : state.minIdleInput) + input });
      return { kind: 'none' };
    case 'detail':
      if (key.escape || key.leftArrow) return dispatch({ type: 'closeDetail' });
      if (key.upArrow || (key.ctrl && input === 'p')) return { kind: 'detailStep', to: 'up' };
      if (key.downArrow || (key.ctrl && input === 'n') || input === 'j') return { kind: 'detailStep', to: 'down' };
      break;
    case 'table':
      if (key.return || key.rightArrow) return { kind: 'openDetail' };
      if (key.escape) return dispatch({ type: 'clearTags' });
      const step = stepKey(input, key);
      if (step) return dispatch({ type: 'move', to: step });
      if (input === ' ') return dispatch({ type: 'toggleTag' });
      if (input === '/') return dispatch({ type: 'openFilter' });
      if (input === 'm') return dispatch({ type: 'openMinIdle' });
      if (input === '<') return dispatch({ type: 'sortShift', delta: -1 });
      if (input === '>') return dispatch({ type: 'sortShift', delta: 1 });
      if (!key.ctrl && !key.meta && SORT_KEYS[input] !== undefined) return dispatch({ type: 'sortBy', column: SORT_KEYS[input] });
      break;
  }
  // Keys shared by the table and the detail pane.
  if (input === 'q') return { kind: 'quit' };
  if (input === 'k' || key.delete || key.backspace) return dispatch({ type: 'askClose' });
  if (input === '?') return dispatch({ type: 'toggleHelp' });
  if (input === 'p') return { kind: 'togglePause' };
  if (input === 'r') return { kind: 'refresh' };
  if (input === '+' || input === '=') return { kind: 'interval', intervalSec: stepInterval(state.intervalSec, 1) };
  if (input === '-') return { kind: 'interval', intervalSec: stepInterval(state.intervalSec, -1) };
  return { kind: 'none' };
}

/**
 * Ink hands a handler a whole chunk when keys arrive together (fast typing, key repeat, SSH):
 * `jjj`, `0000\r`, `\x7f\x7f\x7f`. A chunk of printable characters, Enter and Backspace is split
 * into single keys so each one acts, in order; so is Esc read with the key after it (see
 * escapeThenKey). Anything else (escape sequences, other control keys) stays one key.
 */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
  const chars = [...input];
  const escaped = escapeThenKey(chars, key);
  if (escaped) return escaped;
  if (chars.length <= 1 || key.ctrl || key.meta || key.escape) return [[input, key]];
  if (!chars.every((c) => SPLITTABLE_CONTROLS.has(c) || !CONTROL.test(c))) return [[input, key]];
  const plainKey: Key = { ...key, return: false, shift: false, backspace: false, delete: false };
  return chars.map((c): [string, Key] => {
    if (c === '\r') return ['', { ...plainKey, return: true }];
    // What Ink reports for each alone: \x7f is `delete`, \b is `backspace`.
    if (c === '\x7f') return ['', { ...plainKey, delete: true }];
    if (c === '\b') return ['', { ...plainKey, backspace: true }];
    return [c, { ...plainKey, shift: c !== c.toLowerCase() }];
  });
}

/**
 * Esc and the key typed right after it arrive in one read (fast typing, SSH), as `\x1bk`, which
 * Ink reports as one key, meta+k (Alt+k sends the same bytes). Taken as k, the Esc is lost and
 * k acts on what Esc would have undone: `k` asked to close the tags Esc was to clear. So meta + one
 * printable character (or Enter, Backspace, Delete) is Esc, then that key, in every mode. (Ink
 * marks only ESC + a letter or digit meta; patches/ink+6.8.0.patch makes it mark ESC + `/`, `?`,
 * `<`… too.) A lone Esc is meta in Ink as well, and named keys with meta (Alt+arrows:
 * `\x1b\x1b[A`, `\x1b[1;3A`) have no printable input: each stays one key.
 */
function escapeThenKey(chars: readonly string[], key: Key): Array<[string, Key]> | null {
  if (!key.meta || key.ctrl) return null;
  // Enter, Backspace and Delete come without text: ESC + one of them is Esc, then it, too
  // (Alt+Backspace sends the same bytes; Alt+Delete the same flags).
  if ((key.return || key.backspace || key.delete) && (chars.length === 0 || (chars.length === 1 && SPLITTABLE_CONTROLS.has(chars[0])))) {
    return [['', { ...key, return: false, backspace: false, delete: false, escape: true, shift: false }], [chars.join(''), { ...key, meta: false }]];
  }
  if (chars.length !== 1 || !isPrintableText(chars[0])) return null;
  const c = chars[0];
  return [
    ['', { ...key, escape: true, shift: false }],
    [c, { ...key, meta: false, shift: c !== c.toLowerCase() }],
  ];
}

const SPLITTABLE_CONTROLS: ReadonlySet<string> = new Set(['\r', '\x7f', '\b']);
/** Keys a prompt takes as text; Esc (from ESC + a key) is not, it closes the prompt. */
const isTextKey = (k: Key): boolean => !k.return && !k.delete && !k.backspace && !k.escape;

const TEXT_ENTRY: ReadonlySet<UiState['mode']> = new Set(['filter', 'minIdle']);

/**
 * Runs every key of a chunk in order, each against the state the previous one left. While a
 * prompt (filter, min idle) is open, a run of characters up to Enter is one input, as a paste.
 */
export function runKeys(input: string, key: Key, getState: () => UiState, run: (c: Command) => void): void {
  const keys = splitKeys(input, key);
  for (let i = 0; i < keys.length; ) {
    const state = getState();
    let [text, flags] = keys[i++];
    if (TEXT_ENTRY.has(state.mode) && isTextKey(flags)) {
      while (i < keys.length && isTextKey(keys[i][1])) text += keys[i++][0];
    }
    run(commandForKey(state, text, flags));
    // A confirmation is answered only by a key read after it was shown: the rest of a chunk that
    // opened it (a paste of `ky`, keys coalesced by SSH) is dropped, never taken as the answer;
    // a `y` among it is told why it did nothing.
    if (state.mode !== 'confirm' && getState().mode === 'confirm') {
      if (keys.slice(i).some(([t, f]) => t === 'y' && !f.ctrl && !f.meta)) run({ kind: 'dispatch', action: { type: 'confirmUnseen' } });
      break;
    }
  }
}

