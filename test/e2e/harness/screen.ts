// Reads sesstop's screen the way a user does: the session table, the cursor row, the
// confirmation prompt. Pure functions over the emulated screen's lines.

export interface TableRow {
  /** Screen row (0-based). */
  y: number;
  cursor: boolean;
  tagged: boolean;
  id: number;
  /** Cell text by column title (ID, USER, CLIENT, …), trimmed. */
  cells: Record<string, string>;
}

const RIGHT_ALIGNED = new Set(['ID', 'CONNECTED', 'IDLE', 'BACKENDS', 'MEMORY', 'I/O']);
const HEADER = /^\s+(?:ID|HOST)\b.*\bUSER\b|^\s+ID[▲▼]?\s/;

interface HeaderCell {
  title: string;
  start: number;
  end: number;
}

/** The table header's titles with their positions (the sort arrow is dropped from the title). */
export function headerCells(header: string): HeaderCell[] {
  const cells: HeaderCell[] = [];
  for (const m of header.matchAll(/\S+/g)) {
    cells.push({ title: m[0].replace(/[▲▼]$/, ''), start: m.index!, end: m.index! + m[0].length });
  }
  return cells;
}

/** Column spans derived from the header: left-aligned titles start their cell, right-aligned end it. */
function columnSpans(header: HeaderCell[]): { title: string; from: number; to: number }[] {
  return header.map((cell, i) => {
    const prev = header[i - 1];
    const next = header[i + 1];
    const from = !RIGHT_ALIGNED.has(cell.title) ? cell.start : prev ? (RIGHT_ALIGNED.has(prev.title) ? prev.end + 1 : prev.start + 1) : 2;
    // A left-aligned cell ends where the next title starts (one separator before it).
    const to = RIGHT_ALIGNED.has(cell.title) ? cell.end : next ? next.start - 1 : Infinity;
    return { title: cell.title, from, to };
  });
}

export function tableHeaderIndex(lines: readonly string[]): number {
  return lines.findIndex((l) => HEADER.test(l));
}

/** The session rows under the table header (none when the table is not shown). */
export function tableRows(lines: readonly string[]): TableRow[] {
  const at = tableHeaderIndex(lines);
  if (at < 0) return [];
  const spans = columnSpans(headerCells(lines[at]));
  const rows: TableRow[] = [];
  for (let y = at + 1; y < lines.length; y++) {
    const line = lines[y];
    const m = /^([> ])([* ])\s*(\d+) /.exec(line);
    if (!m) break;
    const cells: Record<string, string> = {};
    for (const span of spans) cells[span.title] = line.slice(span.from, span.to).trim();
    rows.push({ y, cursor: m[1] === '>', tagged: m[2] === '*', id: Number(m[3]), cells });
  }
  return rows;
}

export function cursorRow(lines: readonly string[]): TableRow | undefined {
  return tableRows(lines).find((r) => r.cursor);
}

export interface Confirmation {
  id: number;
  user: string;
  client: string;
  service: string;
  idle: string;
}

/** The single-session close confirmation, as named on screen. */
export function confirmation(lines: readonly string[]): Confirmation | undefined {
  for (const line of lines) {
    const m = /^Close session (\d+) (.*?)@(\S*) service (\S+) idle (\S+)/.exec(line);
    if (m) return { id: Number(m[1]), user: m[2], client: m[3], service: m[4], idle: m[5] };
  }
  return undefined;
}
