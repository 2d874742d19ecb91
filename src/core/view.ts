// From a poll's sessions to what the table shows: filter, minimum idle, sort; plus the cursor
// that follows a session (not a row) and the scroll window. Pure.
import type { Session } from './model.js';
import { idleAt } from './session-time.js';
import type { Predicate } from './filter.js';
import { sortSessions, type SortColumn } from './sort.js';

export interface ViewOptions {
  filter?: Predicate;
  /** Hide sessions idle for less than this many seconds (sessions without idle are hidden too)… */
  minIdle?: number;
  /** …at this moment (ms; default: each session as of its own poll). */
  at?: number;
  sort: SortColumn;
  descending: boolean;
}

export function applyView(sessions: readonly Session[], opts: ViewOptions): Session[] {
  const { filter, minIdle, at } = opts;
  const needsFilter = filter !== undefined || (minIdle !== undefined && minIdle > 0);
  const kept = needsFilter
    ? sessions.filter(
        (s) =>
          (minIdle === undefined || minIdle <= 0 || (s.idle !== null && (at === undefined ? s.idle : (idleAt(s, at) as number)) >= minIdle)) &&
          (filter === undefined || filter(s)),
      )
    : sessions;
  return sortSessions(kept, opts.sort, opts.descending);
}

export interface CursorFollow {
  /** New cursor row (0 when the list is empty). */
  index: number;
  /** The key now under the cursor, or null for an empty list. */
  key: string | null;
  /** True when the followed session is no longer in the list (the cursor moved to a neighbour). */
  left: boolean;
}

/**
 * Where the cursor goes after the list changed. It stays on the same session wherever that
 * moved; if the session left (or is `replaced`: its key names another session now), it goes to
 * the nearest following session of the old list that is still present (else the nearest
 * preceding one), else it keeps its row number.
 */
export function followCursor(
  prev: readonly Session[],
  cursorKey: string | null,
  next: readonly Session[],
  prevIndex = 0,
  replaced = false,
): CursorFollow {
  if (next.length === 0) return { index: 0, key: null, left: cursorKey !== null };
  if (cursorKey === null) {
    const index = clamp(prevIndex, 0, next.length - 1);
    return { index, key: next[index].key, left: false };
  }
  // Usually the session is still there: a linear scan (hinted by the old row) is far cheaper
  // than indexing 100k keys. (`replaced`: its key now names another session, so it left.)
  if (!replaced) {
    if (next[prevIndex]?.key === cursorKey) return { index: prevIndex, key: cursorKey, left: false };
    const same = next.findIndex((s) => s.key === cursorKey);
    if (same >= 0) return { index: same, key: cursorKey, left: false };
  }
  const where = new Map<string, number>();
  for (let i = 0; i < next.length; i++) where.set(next[i].key, i);
  let old = prev[prevIndex]?.key === cursorKey ? prevIndex : prev.findIndex((s) => s.key === cursorKey);
  if (old < 0) old = clamp(prevIndex, 0, prev.length - 1);
  for (let d = 1; d < prev.length; d++) {
    const after = prev[old + d];
    if (after !== undefined) {
      const i = where.get(after.key);
      if (i !== undefined) return { index: i, key: after.key, left: true };
    }
    const before = prev[old - d];
    if (before !== undefined) {
      const i = where.get(before.key);
      if (i !== undefined) return { index: i, key: before.key, left: true };
    }
    if (after === undefined && before === undefined) break;
  }
  const index = clamp(old, 0, next.length - 1);
  return { index, key: next[index].key, left: true };
}

export interface RowWindow {
  /** First visible row. */
  start: number;
  /** One past the last visible row. */
  end: number;
}

/** The rows to show in `height` lines: keep `top` unless the cursor would leave the window. */
export function windowRows(total: number, cursor: number, height: number, top: number): RowWindow {
  const h = Math.max(0, height);
  if (total === 0 || h === 0) return { start: 0, end: 0 };
  let start = clamp(top, 0, Math.max(0, total - h));
  if (cursor < start) start = cursor;
  else if (cursor >= start + h) start = cursor - h + 1;
  start = clamp(start, 0, Math.max(0, total - h));
  return { start, end: Math.min(total, start + h) };
}

export function clamp(n: number, lo: number, hi: number): number {
  return n < lo ? lo : n > hi ? hi : n;
}
