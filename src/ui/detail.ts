// The detail pane of one session: facts, backend connections with rates (and in v1 the statistics
// of each connection's server), queries, attributes.
import { connectedAgeSec } from '../core/columns.js';
import { formatBytes, formatCount, formatDuration, formatRate } from '../core/format.js';
import type { Connection, Dialect, ServerInfo } from '../core/model.js';
import type { ConnectionRate } from '../core/rates.js';
import { sanitize } from '../core/sanitize.js';
import { cellWidth, fitCells, truncateCells } from '../core/text.js';
import { describeSession } from './confirm-view.js';
import { fitColumns } from './fit-columns.js';
import { line, plain, styled, type Line, type ScreenOptions } from './line.js';
import type { DetailState, UiState } from './state.js';

export function detailLines(state: UiState, opts: ScreenOptions): Line[] {
  const d = state.detail;
  if (!d) return [];
  const s = d.session ?? d.listed;
  const out: Line[] = [];
  out.push(line('d0', styled(describeSession(s, state.now), { bold: true }, opts), styled('   ← / Esc back', { dim: true }, opts)));
  const facts = [
    `state ${sanitize(s.state, 40)}`,
    `connected ${formatDuration(connectedAgeSec(s, state.now))} ago${s.connected ? ` (${s.connected.toISOString()})` : ''}`,
  ];
  if (s.port !== undefined) facts.push(`port ${s.port}`);
  if (s.memory !== undefined) facts.push(`memory ${formatBytes(s.memory)}`);
  if (s.ioActivity !== undefined) facts.push(`I/O ${formatCount(s.ioActivity)}`);
  if (s.client?.cipher) facts.push(`cipher ${sanitize(s.client.cipher, 40)}`);
  out.push(line('d1', plain(facts.join('  '))));
  if (d.gone !== null) out.push(line('d-err', styled(GONE[d.gone], { color: 'red' }, opts)));
  else if (d.error) out.push(line('d-err', styled(`detail: ${d.error}`, { color: 'red' }, opts)));
  if (d.session === null && !d.error && d.gone === null) out.push(line('d-wait', styled('loading details…', { dim: true }, opts)));

  const stats = state.serverStats.get(s.target);
  const dialect = state.health.find((h) => h.target === s.target)?.dialect;
  if (d.at === null && d.error) {
    // Never read (its host is down, say): not "0 connections".
    out.push(line('d2', styled('Backend connections', { bold: true }, opts), styled('  unknown: the details could not be read', { dim: true }, opts)));
  } else if (d.session === null) {
    // Still loading (said above): no "(0)" before anything was read.
  } else if (d.session.connections === undefined && dialect === 'v1') {
    // MaxScale 2.2–2.4 send no `connections`: absent, not "0 connections".
    out.push(line('d2', styled('Backend connections', { bold: true }, opts), styled('  not reported by this MaxScale', { dim: true }, opts)));
  } else {
    out.push(line('d2', styled(`Backend connections (${d.connections.length})`, { bold: true }, opts)));
    out.push(...connectionTable(d, { dialect, servers: stats?.servers ?? null, width: state.columns }, opts));
  }
  // The same failure (the host unreachable) is said once.
  if (stats?.error && stats.error !== d.error) out.push(line('d-srv-err', styled(`server statistics: ${stats.error}`, { color: 'yellow' }, opts)));
  if (s.queries && s.queries.length > 0) {
    out.push(line('dq', styled('Recent queries', { bold: true }, opts)));
    s.queries.forEach((q, i) => {
      const ago = q.received ? formatDuration((state.now - q.received.getTime()) / 1000) + ' ago' : '';
      const dur = q.durationMs === null || q.durationMs === undefined ? (q.completed === null ? 'running' : '') : `${q.durationMs}ms`;
      out.push(line(`dq-${i}`, plain(`  ${pad(ago, 12)}${pad(dur, 10)}${sanitize(q.statement, 400)}`)));
    });
  }
  const attrs = s.client?.attributes;
  if (attrs && Object.keys(attrs).length > 0) {
    out.push(line('da', styled('Client attributes', { bold: true }, opts)));
    out.push(line('da-1', plain('  ' + Object.entries(attrs).map(([k, v]) => `${sanitize(k, 40)}=${sanitize(v, 80)}`).join('  '))));
  }
  return out;
}

const GONE = {
  left: 'detail: this session has left',
  replaced: 'detail: this session has left (its id now names another session)',
} as const;

/** One backend connection with what is known about it. */
interface ConnectionRow {
  c: Connection;
  rate: ConnectionRate | undefined;
  /** v1: the connection's server from `GET /v1/servers`, once read. */
  server: ServerInfo | undefined;
}

interface DetailColumn {
  title: string;
  /** Minimum and maximum cells; text columns grow between them with spare width. */
  min: number;
  max: number;
  right: boolean;
  /** Narrow terminals drop the highest first; 0 = never dropped. */
  drop: number;
  /** Shown in this dialect even when no connection has a value (shows `-`). */
  always?: Dialect;
  value: (row: ConnectionRow) => string;
}

const count = (n: number | undefined): string => formatCount(n);

// Per-connection columns; one shows only when some connection has a value for it (the seed
// dialect has counters, v1 has ids, memory, ciphers and server statistics) or `always` says so.
const DETAIL_COLUMNS: readonly DetailColumn[] = [
  { title: 'SERVER', min: 10, max: 30, right: false, drop: 0, value: ({ c }) => sanitize(c.server, 60) },
  { title: 'READS', min: 7, max: 7, right: true, drop: 0, value: ({ c }) => count(c.statistics?.reads) },
  { title: 'WRITES', min: 7, max: 7, right: true, drop: 0, value: ({ c }) => count(c.statistics?.writes) },
  { title: 'READS/S', min: 7, max: 8, right: true, drop: 3, value: ({ c, rate }) => (c.statistics ? rateOrWait(rate?.readsPerSec) : '-') },
  { title: 'WRITES/S', min: 8, max: 8, right: true, drop: 3, value: ({ c, rate }) => (c.statistics ? rateOrWait(rate?.writesPerSec) : '-') },
  { title: 'BUFFERED', min: 8, max: 8, right: true, drop: 8, value: ({ c }) => count(c.statistics?.bufferedWrites) },
  { title: 'HI/LO', min: 7, max: 11, right: true, drop: 9, value: ({ c }) => (c.statistics ? `${count(c.statistics.highWaterEvents)}/${count(c.statistics.lowWaterEvents)}` : '-') },
  { title: 'CONN-ID', min: 7, max: 16, right: true, drop: 4, value: ({ c }) => (c.backendConnectionId === undefined ? '-' : sanitize(c.backendConnectionId, 20)) },
  { title: 'MEMORY', min: 6, max: 6, right: true, drop: 5, value: ({ c }) => formatBytes(c.memory) },
  { title: 'SRV-STATE', min: 9, max: 30, right: false, drop: 2, value: ({ server }) => sanitize(server?.state ?? '-', 40) },
  { title: 'CONN/MAX', min: 8, max: 13, right: true, drop: 3, value: ({ server }) => connectionsOf(server) },
  { title: 'ACT-OPS', min: 7, max: 7, right: true, drop: 6, value: ({ server }) => count(server?.statistics.activeOperations) },
  { title: 'AUTH-FAIL', min: 9, max: 9, right: true, drop: 7, value: ({ server }) => count(server?.statistics.failedAuths) },
  { title: 'ROLE', min: 6, max: 30, right: false, drop: 2, value: ({ c }) => sanitize(c.role ?? '-', 40) },
  { title: 'STATE', min: 8, max: 40, right: false, drop: 1, value: ({ c }) => sanitize(c.state ?? '-', 60) },
  // Issue 4 asks for the cipher in v1; an unencrypted connection shows `-`. First to go when narrow.
  { title: 'CIPHER', min: 6, max: 40, right: false, drop: 10, always: 'v1', value: ({ c }) => sanitize(c.cipher || '-', 60) },
];

/** `12/40`: the server's connections now and its peak (MaxScale's `max_connections`). */
function connectionsOf(server: ServerInfo | undefined): string {
  const st = server?.statistics;
  if (st?.connections === undefined) return '-';
  return `${count(st.connections)}/${count(st.maxConnections)}`;
}

/** A rate, or `…` until a second sample exists. */
const rateOrWait = (perSec: number | null | undefined): string => (perSec === null || perSec === undefined ? '…' : formatRate(perSec));

interface TableContext {
  dialect: Dialect | undefined;
  servers: readonly ServerInfo[] | null;
  width: number;
}

function connectionTable(d: DetailState, ctx: TableContext, opts: ScreenOptions): Line[] {
  const byName = new Map((ctx.servers ?? []).map((sv) => [sv.name, sv]));
  const rows: ConnectionRow[] = d.connections.map((c, i) => ({ c, rate: d.rates[i], server: byName.get(c.server) }));
  const cells = rows.map((row) => DETAIL_COLUMNS.map((col) => col.value(row)));
  const shown = DETAIL_COLUMNS.filter(
    (col, j) => j === 0 || (ctx.dialect !== undefined && col.always === ctx.dialect) || cells.some((row) => row[j] !== '-'),
  );
  const index = shown.map((col) => DETAIL_COLUMNS.indexOf(col));
  const widths = fitColumns(
    shown.map((col, k) => {
      const content = Math.max(cellWidth(col.title), ...cells.map((row) => cellWidth(row[index[k]])));
      return { min: col.min, want: Math.min(col.max, Math.max(col.min, content)), drop: col.drop };
    }),
    Math.max(1, ctx.width),
  );
  const render = (values: (k: number) => string): string =>
    shown
      .map((col, k) => (widths[k] === null ? null : fitCells(values(k), widths[k]!, col.right ? 'right' : 'left')))
      .filter((cell) => cell !== null)
      .join(' ');
  return [
    line('d3', styled(render((k) => shown[k].title), { dim: true }, opts)),
    ...cells.map((row, i) => line(`dc-${i}`, plain(render((k) => row[index[k]])))),
  ];
}

function pad(text: string, width: number, right = false): string {
  const cut = truncateCells(text, width - 1);
  const gap = ' '.repeat(Math.max(0, width - cellWidth(cut)));
  return right ? gap.slice(1) + cut + ' ' : cut + gap;
}
