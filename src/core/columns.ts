// The session table's columns, shared by the UI and batch `--format table`.
// A row is one padded string of exactly the layout width: cheap to render and to compare.
import type { Session } from './model.js';
import { aliveAt, idleAt } from './session-time.js';
import { formatBytes, formatCount, formatDuration } from './format.js';
import { sanitize } from './sanitize.js';
import type { SortColumn } from './sort.js';
import { hostLabels } from './host-labels.js';
import { cellWidth, fitCells } from './text.js';

export type ColumnId = SortColumn;

export interface Column {
  id: ColumnId;
  title: string;
  width: number;
  align: 'left' | 'right';
  /** Blank cells at the end of the cell: the spare width of a wide terminal, kept off the values. */
  trail?: number;
  /** HOST only: the short label of each target (see core/host-labels.ts). */
  labels?: ReadonlyMap<string, string>;
}

export interface LayoutOptions {
  multiTarget: boolean;
  /** The targets, for the HOST column's short labels; the column shows targets as given without them. */
  targets?: readonly string[];
  hasMemory: boolean;
  hasIo: boolean;
}

interface ColumnSpec {
  id: ColumnId;
  title: string;
  align: 'left' | 'right';
  min: number;
  /** Width it grows to first, before any column grows further (fits typical values). */
  pref: number;
  /** Widest it grows to when there is spare room (= min for fixed columns). */
  max: number;
  /** Higher survives longer on a narrow terminal. */
  priority: number;
}

// Display order. Fixed columns are wide enough for their title plus the sort arrow. Priorities: ID, IDLE and USER stay even at 40 columns; I/O goes first.
const SPECS: readonly ColumnSpec[] = [
  { id: 'id', title: 'ID', align: 'right', min: 6, pref: 6, max: 8, priority: 100 },
  { id: 'host', title: 'HOST', align: 'left', min: 10, pref: 12, max: 28, priority: 55 },
  { id: 'user', title: 'USER', align: 'left', min: 8, pref: 10, max: 24, priority: 90 },
  { id: 'client', title: 'CLIENT', align: 'left', min: 15, pref: 15, max: 40, priority: 80 },
  { id: 'service', title: 'SERVICE', align: 'left', min: 8, pref: 12, max: 28, priority: 70 },
  { id: 'state', title: 'STATE', align: 'left', min: 8, pref: 10, max: 24, priority: 60 },
  { id: 'connected', title: 'CONNECTED', align: 'right', min: 10, pref: 10, max: 10, priority: 50 },
  { id: 'idle', title: 'IDLE', align: 'right', min: 7, pref: 7, max: 7, priority: 95 },
  { id: 'backends', title: 'BACKENDS', align: 'right', min: 9, pref: 9, max: 9, priority: 40 },
  { id: 'memory', title: 'MEMORY', align: 'right', min: 7, pref: 7, max: 7, priority: 30 },
  { id: 'io', title: 'I/O', align: 'right', min: 6, pref: 6, max: 6, priority: 20 },
];

/** Columns at or above this priority are dropped only when even their minimum widths do not fit. */
const CORE_PRIORITY = 60;

const SEP = ' ';

/** Total width of a layout: column widths plus one separator between columns. */
export function layoutWidth(cols: readonly Column[]): number {
  let w = 0;
  for (const c of cols) w += c.width;
  return w + Math.max(0, cols.length - 1) * SEP.length;
}

/**
 * The columns that fit in `width` cells: optional columns only when the data has them, the
 * lowest-priority ones dropped until the minimum widths fit (and those that fit again once a
 * wider one has gone brought back, highest priority first), spare width shared by the text
 * columns up to their maximum, and what is still left given to the last column. The result is
 * always exactly `width` wide (for width ≥ 1).
 */
export function layoutColumns(width: number, opts: LayoutOptions): Column[] {
  let specs = SPECS.filter(
    (s) =>
      (s.id !== 'host' || opts.multiTarget) && (s.id !== 'memory' || opts.hasMemory) && (s.id !== 'io' || opts.hasIo),
  );
  const need = (list: readonly ColumnSpec[], w: 'min' | 'pref'): number =>
    list.reduce((sum, s) => sum + s[w], 0) + Math.max(0, list.length - 1) * SEP.length;
  const dropLowest = (list: ColumnSpec[], below: number): ColumnSpec[] | null => {
    const candidates = list.filter((s) => s.priority < below);
    if (candidates.length === 0) return null;
    const lowest = candidates.reduce((a, b) => (b.priority < a.priority ? b : a));
    return list.filter((s) => s !== lowest);
  };
  // First drop optional columns until the text columns get their preferred widths, then,
  // on very narrow terminals, anything but ID until the minimum widths fit.
  while (need(specs, 'pref') > width) {
    const fewer = dropLowest(specs, CORE_PRIORITY);
    if (fewer === null) break;
    specs = fewer;
  }
  const unshrunk = specs;
  while (specs.length > 1 && need(specs, 'min') > width) specs = dropLowest(specs, Infinity)!;
  // Dropping lowest first can drop a narrow column that fits once a wider one of higher priority
  // is gone (STATE and SERVICE go before CLIENT at 40 columns, then CLIENT alone does not fit
  // beside ID, USER and IDLE): each comes back, highest priority first, while its minimum width
  // fits, so the room shows more columns before any grows past its minimum (USER grew to 21 of
  // 38 cells). Only when this loop dropped something: wider layouts are as before.
  if (specs.length < unshrunk.length) {
    const dropped = unshrunk.filter((s) => !specs.includes(s)).sort((a, b) => b.priority - a.priority);
    for (const back of dropped) {
      const more = unshrunk.filter((s) => s === back || specs.includes(s));
      if (need(more, 'min') <= width) specs = more;
    }
  }
  const widths = specs.map((s) => s.min);
  // Narrower than even the ID column alone: shrink it rather than overflow.
  if (need(specs, 'min') > width) widths[0] = Math.max(1, width);
  let spare = width - widths.reduce((a, b) => a + b, 0) - Math.max(0, specs.length - 1) * SEP.length;
  // Grow columns one cell at a time, round robin, first up to their preferred width (typical
  // values fit), then up to their maximum, so they share spare width evenly.
  for (const limit of ['pref', 'max'] as const) {
    let grew = true;
    while (spare > 0 && grew) {
      grew = false;
      for (let i = 0; i < specs.length && spare > 0; i++) {
        if (widths[i] < specs[i][limit]) {
          widths[i]++;
          spare--;
          grew = true;
        }
      }
    }
  }
  // What is still left pads the end of the row, so a right-aligned last column stays next to its neighbours.
  const cols: Column[] = specs.map((s, i) => ({ id: s.id, title: s.title, align: s.align, width: widths[i] }));
  const host = cols.find((c) => c.id === 'host');
  if (host && opts.targets) host.labels = hostLabels(opts.targets);
  if (spare > 0 && cols.length > 0) {
    const last = cols[cols.length - 1];
    last.width += spare;
    last.trail = spare;
  }
  return cols;
}


/** The header line; the sorted column carries `▼` (descending) or `▲` (ascending). */
export function formatHeader(cols: readonly Column[], sort?: { column: SortColumn; descending: boolean }): string {
  const cells = cols.map((c) => {
    const title = sort && sort.column === c.id ? c.title + (sort.descending ? '▼' : '▲') : c.title;
    return fitCell(title, c);
  });
  return cells.join(SEP);
}

/** The text of one cell before fitting. */
export function cellText(id: ColumnId, s: Session, nowMs: number): string {
  switch (id) {
    case 'id':
      return String(s.id);
    case 'host':
      return sanitize(s.target, 128);
    case 'user':
      return s.user === null ? '-' : sanitize(s.user, 128);
    case 'client':
      return s.address === null ? '-' : sanitize(s.port === undefined ? s.address : `${s.address}:${s.port}`, 128);
    case 'service':
      return s.service === null ? '-' : sanitize(s.service, 128);
    case 'state':
      // Every MaxScale state reads `Session …`; the column shows the part that differs.
      return sanitize(s.state.replace(/^Session /, ''), 128);
    case 'connected':
      return formatDuration(connectedAgeSec(s, nowMs));
    case 'idle':
      return formatDuration(idleAt(s, nowMs));
    case 'backends':
      return s.backends === null ? '-' : String(s.backends);
    case 'memory':
      return formatBytes(s.memory);
    case 'io':
      return formatCount(s.ioActivity);
  }
}

/** Seconds since the session connected: `seconds_alive` when sent, else now − connected. */
export function connectedAgeSec(s: Session, nowMs: number): number | null {
  const alive = aliveAt(s, nowMs);
  if (alive !== undefined) return alive;
  if (s.connected === null) return null;
  return Math.max(0, (nowMs - s.connected.getTime()) / 1000);
}

/**
 * One table row, exactly the layout width, with IDLE and CONNECTED as of `nowMs` (default: now).
 * All server text goes through sanitize.
 */
export function formatRow(cols: readonly Column[], s: Session, nowMs: number = Date.now()): string {
  // A loop, not a closure made per row (see compareSorting in core/sort.ts).
  let row = '';
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i];
    let text = c.id === 'host' && c.labels ? sanitize(c.labels.get(s.target) ?? s.target, 128) : cellText(c.id, s, nowMs);
    // A narrow CLIENT column shows the address without the port rather than a cut address.
    if (c.id === 'client' && s.port !== undefined && s.address !== null && cellWidth(text) > c.width - (c.trail ?? 0)) text = sanitize(s.address, 128);
    row += i === 0 ? fitCell(text, c) : SEP + fitCell(text, c);
  }
  return row;
}

function fitCell(text: string, c: Column): string {
  const trail = c.trail ?? 0;
  // Hosts often share a start and an end (`maxscale-prod-…-node2`): cut the middle, not the end.
  const cut = c.id === 'host' ? 'middle' : 'end';
  return trail === 0 ? fitCells(text, c.width, c.align, cut) : fitCells(text, c.width - trail, c.align, cut) + ' '.repeat(trail);
}
