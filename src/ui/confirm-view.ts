// What the close confirmation shows, as plain text lines that fit the terminal, and which of them
// are on screen. Pure: the reducer uses it to know whether everything to be closed has been shown
// (`y` acts only then), the renderer to draw it.
import type { Session } from '../core/model.js';
import { idleAt } from '../core/session-time.js';
import { formatDuration } from '../core/format.js';
import { sanitize } from '../core/sanitize.js';
import { wrapCells } from '../core/text.js';

/** One session as the confirmation and the detail pane name it, its idle time as of `nowMs`. */
export function describeSession(s: Session, nowMs: number): string {
  const who = `${s.user === null ? '-' : sanitize(s.user, 128)}@${s.address === null ? '-' : sanitize(s.address, 64)}`;
  const host = s.target ? ` on ${sanitize(s.target, 128)}` : '';
  return `session ${s.id} ${who} service ${sanitize(s.service ?? '-', 128)} idle ${formatDuration(idleAt(s, nowMs))}${host}`;
}

export interface ConfirmView {
  /** Every line of the question and the sessions, wrapped to the width (never cut). */
  lines: string[];
  /** Whose each line is: 0 the question, i + 1 the list's session i. */
  owners: number[];
  /** How many of them fit above the answer line; 0 when the terminal is too small to show any. */
  room: number;
  /** The first line shown, clamped so the window stays within the lines. */
  top: number;
}

export interface ConfirmText {
  lines: string[];
  /** 0 for the question's lines, i + 1 for the lines of the list's session i. */
  owners: number[];
}

/** The question, then the sessions, each wrapped; a single session is named in the question. */
export function confirmText(list: readonly Session[], nowMs: number, width: number, tagged = false): ConfirmText {
  if (list.length === 1) {
    // A tagged session is seldom the one under the cursor: the question says which it is.
    const lines = wrapCells(`Close ${tagged ? 'the tagged ' : ''}${describeSession(list[0], nowMs)}?`, width, '  ');
    return { lines, owners: lines.map(() => 0) };
  }
  const lines = wrapCells(`Close these ${list.length} tagged sessions?`, width, '  ');
  const owners = lines.map(() => 0);
  list.forEach((s, i) => {
    for (const l of wrapCells(describeSession(s, nowMs), Math.max(1, width - 2), '    ')) {
      lines.push('  ' + l);
      owners.push(i + 1);
    }
  });
  return { lines, owners };
}

/** `room`: the lines the screen has for it, above the answer line. */
export function confirmView(list: readonly Session[], nowMs: number, columns: number, room: number, top: number, tagged = false): ConfirmView {
  const { lines, owners } = confirmText(list, nowMs, Math.max(1, columns), tagged);
  return { lines, owners, room, top: Math.max(0, Math.min(top, lines.length - room)) };
}

/**
 * What of the confirmation has been on screen. A part (the question, or one session) counts as
 * seen once each of its lines has been in the window at one width; a jump (End, PgDn over a
 * long list) skips lines, and the parts on them stay unseen.
 */
export interface ConfirmSeen {
  /** Parts seen whole: 0 the question, i + 1 the list's session i. */
  parts: ReadonlySet<number>;
  /** The width the partly seen parts' lines were wrapped to: another width wraps them anew. */
  columns: number;
  /** For a part seen in part, which of its lines (counted from its first) have been shown. */
  partly: ReadonlyMap<number, ReadonlySet<number>>;
}

/** Nothing seen yet. */
export function nothingSeen(): ConfirmSeen {
  return { parts: new Set(), columns: 0, partly: new Map() };
}

/**
 * Adds the lines in the window of `view` (wrapped to `columns`) to what has been seen. Returns
 * `seen` itself when the window shows nothing new, so a frame that changed nothing changes no state.
 */
export function markSeen(seen: ConfirmSeen, view: ConfirmView, columns: number): ConfirmSeen {
  const end = Math.min(view.lines.length, view.top + view.room);
  if (view.room === 0 || view.top >= end) return seen;
  // Each part's lines are consecutive: its first line and count locate the window in it.
  const first = new Map<number, number>();
  const count = new Map<number, number>();
  view.owners.forEach((o, i) => {
    if (!first.has(o)) first.set(o, i);
    count.set(o, (count.get(o) ?? 0) + 1);
  });
  // Copied on the first change only. Lines seen in part at another width are wrapped otherwise now.
  let parts: Set<number> | null = null;
  let partly: Map<number, ReadonlySet<number>> | null = seen.columns === columns ? null : new Map();
  for (let i = view.top; i < end; i++) {
    const o = view.owners[i];
    if (seen.parts.has(o) || parts?.has(o)) continue;
    const offset = i - first.get(o)!;
    const before = (partly ?? seen.partly).get(o);
    const added = !before?.has(offset);
    const shown = added ? new Set(before ?? []).add(offset) : before!;
    // Checked even when nothing was added: a part that now wraps to fewer lines (its idle time
    // got shorter to write) may be whole with the lines already seen.
    let whole = true;
    for (let k = 0; k < count.get(o)! && whole; k++) whole = shown.has(k);
    if (whole) {
      parts ??= new Set(seen.parts);
      parts.add(o);
      partly ??= new Map(seen.partly);
      partly.delete(o);
    } else if (added) {
      partly ??= new Map(seen.partly);
      partly.set(o, shown);
    }
  }
  if (!parts && !partly) return seen;
  return { parts: parts ?? seen.parts, columns, partly: partly ?? seen.partly };
}

/**
 * A part that now wraps to more lines than before (its idle time got longer to write, or a
 * newer reading of it) is unseen again: its new lines have not been on screen. `seen` itself
 * when no seen part grew.
 */
export function forgetLonger(seen: ConfirmSeen, before: ConfirmView, after: ConfirmView): ConfirmSeen {
  const lines = (v: ConfirmView) => {
    const m = new Map<number, number>();
    for (const o of v.owners) m.set(o, (m.get(o) ?? 0) + 1);
    return m;
  };
  const was = lines(before);
  let parts: Set<number> | null = null;
  let partly: Map<number, ReadonlySet<number>> | null = null;
  for (const [o, n] of lines(after)) {
    if (n <= (was.get(o) ?? 0) || !(seen.parts.has(o) || seen.partly.has(o))) continue;
    parts ??= new Set(seen.parts);
    parts.delete(o);
    partly ??= new Map(seen.partly);
    partly.delete(o);
  }
  return parts ? { parts, columns: seen.columns, partly: partly! } : seen;
}

/** Nothing of the confirmation has reached the screen yet. */
export const seenNothing = (seen: ConfirmSeen): boolean => seen.parts.size === 0 && seen.partly.size === 0;

/** Every part of the confirmation in `view` has been on screen. */
export const seenAll = (seen: ConfirmSeen, view: ConfirmView): boolean => view.owners.every((o) => seen.parts.has(o));
