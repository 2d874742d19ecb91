// Batch output formats. Pure: sessions in, lines out. Every server string is sanitised (table,
// tsv) or JSON-escaped including C1/bidi characters (json, ndjson).
import type { Session, TargetHealth } from '../../core/model.js';
import { formatHeader, formatRow, layoutColumns } from '../../core/columns.js';
import { sanitize, sanitizeJsonText } from '../../core/sanitize.js';
import type { SortColumn } from '../../core/sort.js';

export const DEFAULT_TABLE_WIDTH = 200;

const saneWidth = (n: number): boolean => Number.isInteger(n) && n >= 20 && n <= 10_000;

/**
 * The table width: the terminal's when stdout is one (`--once` on a terminal), else `COLUMNS`
 * when it is a sane number, else 200.
 */
export function tableWidth(env: NodeJS.ProcessEnv, terminalColumns?: number): number {
  if (terminalColumns !== undefined && saneWidth(terminalColumns)) return terminalColumns;
  const n = Number(env.COLUMNS);
  return saneWidth(n) ? n : DEFAULT_TABLE_WIDTH;
}

export interface TableOptions {
  width: number;
  multiTarget: boolean;
  sort: { column: SortColumn; descending: boolean };
  nowMs: number;
}

/** Header and one row per session, with the UI's columns; trailing padding removed. */
export function formatTable(sessions: readonly Session[], opts: TableOptions): string[] {
  const cols = layoutColumns(opts.width, {
    multiTarget: opts.multiTarget,
    hasMemory: sessions.some((s) => s.memory !== undefined),
    hasIo: sessions.some((s) => s.ioActivity !== undefined),
  });
  const lines = [formatHeader(cols, opts.sort).trimEnd()];
  for (const s of sessions) lines.push(formatRow(cols, s, opts.nowMs).trimEnd());
  return lines;
}

export const TSV_COLUMNS = [
  'host',
  'id',
  'user',
  'address',
  'port',
  'service',
  'state',
  'connected',
  'idle',
  'backends',
  'memory',
  'io_activity',
] as const;

const TSV_MAX_FIELD = 1024;

function field(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  // sanitize shows TAB and LF as ^I and ^J, so a field can never split a line or a column.
  return sanitize(String(value), TSV_MAX_FIELD);
}

export function tsvRow(s: Session): string {
  return [
    s.target,
    s.id,
    s.user,
    s.address,
    s.port,
    s.service,
    s.state,
    s.connected,
    s.idle,
    s.backends,
    s.memory,
    s.ioActivity,
  ]
    .map(field)
    .join('\t');
}

export function formatTsv(sessions: readonly Session[]): string[] {
  return [TSV_COLUMNS.join('\t'), ...sessions.map(tsvRow)];
}

/**
 * A session as JSON output shows it: the normalised model without the time of the poll it came
 * from (batch output gives its sessions as of one time; see sessionAsOf).
 */
function outputFields(key: string, value: unknown): unknown {
  return key === 'polledAt' ? undefined : value;
}

/** A session as JSON (the normalised model; dates as ISO 8601), safe to print on a terminal. */
export function sessionJson(s: Session): string {
  return sanitizeJsonText(JSON.stringify(s, outputFields));
}

/** One session per line, each with its poll's time first, so a log of many polls says when each line was read. */
export function formatNdjson(sessions: readonly Session[], fetchedAt: number): string[] {
  const time = new Date(fetchedAt).toISOString();
  return sessions.map((s) => sanitizeJsonText(JSON.stringify({ fetchedAt: time, ...s }, outputFields)));
}

/** One JSON document per poll, on one line: when, the health of each host, the sessions. */
export function formatJsonDocument(sessions: readonly Session[], health: readonly TargetHealth[], fetchedAt: number): string {
  return sanitizeJsonText(JSON.stringify({ fetchedAt: new Date(fetchedAt).toISOString(), hosts: health, sessions }, outputFields));
}
