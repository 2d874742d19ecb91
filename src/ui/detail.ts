// The detail pane of one session: facts, backend connections with rates, queries, attributes.
import { connectedAgeSec } from '../core/columns.js';
import { formatBytes, formatCount, formatDuration, formatRate } from '../core/format.js';
import type { Connection } from '../core/model.js';
import type { ConnectionRate } from '../core/rates.js';
import { sanitize } from '../core/sanitize.js';
import { cellWidth, truncateCells } from '../core/text.js';
import { describeSession } from './dialogs.js';
import { elapsedSec, line, plain, styled, type Line, type ScreenOptions } from './line.js';
import type { DetailState, UiState } from './state.js';

export function detailLines(state: UiState, opts: ScreenOptions): Line[] {
  const d = state.detail;
  if (!d) return [];
  const listed = state.sessions.find((s) => s.key === d.key);
  const s = d.session ?? listed;
  const elapsed = elapsedSec(state);
  const out: Line[] = [];
  if (!s) return [line('d0', plain('session left'))];
  out.push(line('d0', styled(describeSession(s, elapsed), { bold: true }, opts), styled('   ← / Esc back', { dim: true }, opts)));
  const facts = [
    `state ${sanitize(s.state, 40)}`,
    `connected ${formatDuration(connectedAgeSec(s, elapsed, state.now))} ago${s.connected ? ` (${s.connected.toISOString()})` : ''}`,
  ];
  if (s.port !== undefined) facts.push(`port ${s.port}`);
  if (s.memory !== undefined) facts.push(`memory ${formatBytes(s.memory)}`);
  if (s.ioActivity !== undefined) facts.push(`I/O ${formatCount(s.ioActivity)}`);
  if (s.client?.cipher) facts.push(`cipher ${sanitize(s.client.cipher, 40)}`);
  out.push(line('d1', plain(facts.join('  '))));
  if (d.error) out.push(line('d-err', styled(`detail: ${d.error}`, { color: 'red' }, opts)));
  if (d.session === null && !d.error) out.push(line('d-wait', styled('loading details…', { dim: true }, opts)));

  out.push(line('d2', styled(`Backend connections (${d.connections.length})`, { bold: true }, opts)));
  out.push(...connectionTable(d, opts));
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

interface DetailColumn {
  title: string;
  width: number;
  right: boolean;
  value: (c: Connection, r: ConnectionRate | undefined) => string;
}

// Per-connection columns; one shows only when some connection has a value for it (the seed
// dialect has counters, v1 has ids, memory and ciphers).
const DETAIL_COLUMNS: readonly DetailColumn[] = [
  // Numbers first: on a narrow terminal the text columns at the end are the ones cut.
  { title: 'SERVER', width: 15, right: false, value: (c) => sanitize(c.server, 60) },
  { title: 'READS', width: 8, right: true, value: (c) => formatCount(c.statistics?.reads) },
  { title: 'WRITES', width: 8, right: true, value: (c) => formatCount(c.statistics?.writes) },
  { title: 'READS/S', width: 8, right: true, value: (c, r) => (c.statistics ? rateOrWait(r?.readsPerSec) : '-') },
  { title: 'WRITES/S', width: 9, right: true, value: (c, r) => (c.statistics ? rateOrWait(r?.writesPerSec) : '-') },
  { title: 'BUFFERED', width: 9, right: true, value: (c) => formatCount(c.statistics?.bufferedWrites) },
  { title: 'HI/LO', width: 8, right: true, value: (c) => (c.statistics ? `${formatCount(c.statistics.highWaterEvents)}/${formatCount(c.statistics.lowWaterEvents)}` : '-') },
  { title: 'CONN-ID', width: 10, right: true, value: (c) => (c.backendConnectionId === undefined ? '-' : sanitize(c.backendConnectionId, 20)) },
  { title: 'MEMORY', width: 8, right: true, value: (c) => formatBytes(c.memory) },
  { title: 'ROLE', width: 10, right: false, value: (c) => sanitize(c.role ?? '-', 20) },
  { title: 'STATE', width: 24, right: false, value: (c) => sanitize(c.state ?? '-', 40) },
  { title: 'CIPHER', width: 28, right: false, value: (c) => sanitize(c.cipher || '-', 60) },
];

/** A rate, or `…` until a second sample exists. */
const rateOrWait = (perSec: number | null | undefined): string => (perSec === null || perSec === undefined ? '…' : formatRate(perSec));

function connectionTable(d: DetailState, opts: ScreenOptions): Line[] {
  const cells = d.connections.map((c, i) => DETAIL_COLUMNS.map((col) => col.value(c, d.rates[i])));
  const shown = DETAIL_COLUMNS.map((_, j) => j === 0 || cells.some((row) => row[j] !== '-'));
  const render = (values: string[]): string =>
    DETAIL_COLUMNS.map((col, j) => (shown[j] ? pad(values[j], col.width + 1, col.right) : '')).join('');
  return [
    line('d3', styled(render(DETAIL_COLUMNS.map((c) => c.title)), { dim: true }, opts)),
    ...cells.map((row, i) => line(`dc-${i}`, plain(render(row)))),
  ];
}

function pad(text: string, width: number, right = false): string {
  const cut = truncateCells(text, width - 1);
  const gap = ' '.repeat(Math.max(0, width - cellWidth(cut)));
  return right ? gap.slice(1) + cut + ' ' : cut + gap;
}
