// The session table: its layout, the header row and only the visible rows.
import { formatHeader, formatRow, layoutColumns, type Column } from '../core/columns.js';
import type { Session } from '../core/model.js';
import { idleAt } from '../core/session-time.js';
import { windowRows } from '../core/view.js';
import { line, styled, type Line, type ScreenOptions, type Style } from './line.js';
import type { UiState } from './state.js';

export function rowStyle(s: Session, nowMs: number, opts: ScreenOptions): Style {
  if (!opts.color) return {};
  const idle = idleAt(s, nowMs);
  if (idle !== null && idle >= opts.idleCritSec) return { color: 'red', bold: true };
  if (idle !== null && idle >= opts.idleWarnSec) return { color: 'yellow' };
  if (!/started|ready|routing/i.test(s.state)) return { color: 'magenta' };
  return {};
}

export interface TableLayout {
  cols: Column[];
  /** Width of the marker column before each row: cursor `>` and tag `*`. */
  markWidth: number;
}

export function tableLayout(state: UiState): TableLayout {
  const markWidth = 2;
  const targets = new Set<string>();
  let hasMemory = false;
  let hasIo = false;
  for (const h of state.health) targets.add(h.target);
  // Probing a sample is enough to know what the dialect sends.
  for (let i = 0; i < state.sessions.length && i < 50; i++) {
    const s = state.sessions[i];
    if (s.memory !== undefined) hasMemory = true;
    if (s.ioActivity !== undefined) hasIo = true;
  }
  const cols = layoutColumns(Math.max(1, state.columns - markWidth), { multiTarget: targets.size > 1, targets: [...targets], hasMemory, hasIo });
  return { cols, markWidth };
}

/** The table header and only the visible rows. */
export function tableLines(state: UiState, layout: TableLayout, opts: ScreenOptions, height: number): Line[] {
  const head = line('th', styled('  ' + formatHeader(layout.cols, { column: state.sort, descending: state.descending }), { bold: true }, opts));
  if (state.visible.length === 0) {
    const why = state.fetchedAt === null && !state.stale ? 'waiting for the first poll…' : state.sessions.length ? 'no session matches the filter' : 'no sessions';
    return [head, line('empty', styled('  ' + why, { dim: true }, opts))];
  }
  const win = windowRows(state.visible.length, state.cursor, height, state.top);
  const out: Line[] = [head];
  // Sessions of a host whose last poll failed are an older poll's data: dimmed.
  const down = new Set(state.health.filter((h) => h.status === 'down').map((h) => h.target));
  for (let i = win.start; i < win.end; i++) {
    const s = state.visible[i];
    const isCursor = i === state.cursor;
    const mark = (isCursor ? '>' : ' ') + (state.tags.has(s.key) ? '*' : ' ');
    const text = mark + formatRow(layout.cols, s, state.now);
    const style = rowStyle(s, state.now, opts);
    const dim = down.size > 0 && down.has(s.target) ? { dim: true } : {};
    out.push(line(s.key, { text, ...style, ...dim, inverse: isCursor, bold: style.bold || state.tags.has(s.key) }));
  }
  return out;
}
