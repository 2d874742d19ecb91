// The three header lines: targets and markers; totals, sparkline and churn; poll facts.
import type { Session } from '../core/model.js';
import { countOf, formatDuration } from '../core/format.js';
import { hostLabels } from '../core/host-labels.js';
import { sanitize } from '../core/sanitize.js';
import { sparkline } from '../core/sparkline.js';
import { line, plain, styled, type Line, type ScreenOptions, type Segment } from './line.js';
import type { UiState } from './state.js';

function countBy(sessions: readonly Session[], pick: (s: Session) => string | null, max: number): string {
  const counts = new Map<string, number>();
  for (const s of sessions) {
    const k = pick(s) ?? '-';
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = sorted.slice(0, max).map(([k, n]) => `${sanitize(k, 24)} ${n}`);
  if (sorted.length > max) shown.push(`+${sorted.length - max} more`);
  return shown.join(', ');
}

// Module-level, not arrow functions made per call: see compareSorting in core/sort.ts.
const stateOf = (s: Session): string => s.state;
const serviceOf = (s: Session): string | null => s.service;

// The breakdown walks every session: computed once per poll (sessions arrays are immutable).
const breakdowns = new WeakMap<readonly Session[], { states: string; services: string }>();

function breakdown(sessions: readonly Session[]): { states: string; services: string } {
  let b = breakdowns.get(sessions);
  if (!b) {
    b = { states: countBy(sessions, stateOf, 3), services: countBy(sessions, serviceOf, 4) };
    breakdowns.set(sessions, b);
  }
  return b;
}

export function headerLines(state: UiState, opts: ScreenOptions): Line[] {
  // Line 1: targets and health, dialect, markers. Several hosts go by the HOST column's labels.
  const labels = hostLabels(state.health.map((h) => h.target));
  const targets = state.health.length
    ? state.health.map((h) => {
        const name = sanitize(labels.get(h.target) ?? h.target, 40);
        const label = [h.dialect, h.version === undefined ? undefined : sanitize(h.version, 24)].filter(Boolean).join(' ');
        const status = h.status === 'ok' ? `ok ${label}`.trim() : h.status;
        return styled(`${name} ${status}  `, h.status === 'down' ? { color: 'red', bold: true } : {}, opts);
      })
    : [plain('connecting…  ')];
  const markers: Segment[] = [];
  if (state.paused) markers.push(styled(' PAUSED ', { color: 'yellow', bold: true, inverse: true }, opts), plain(' '));
  if (state.readOnly) markers.push(styled(' 🔒READ-ONLY ', { color: 'cyan', bold: true }, opts), plain(' '));
  if (state.stale) {
    // Data that never arrived is not stale: there is none.
    const text = state.fetchedAt === null ? ' NO DATA ' : ` STALE ${formatDuration((state.now - state.stale.since) / 1000)} `;
    markers.push(styled(text, { color: 'red', bold: true, inverse: true }, opts), plain(' '));
  }
  const label = opts.label ? [styled(`[${sanitize(opts.label, 20)}] `, { dim: true }, opts)] : [];
  const l1 = line('h1', styled('sesstop ', { bold: true }, opts), ...label, ...markers, ...targets);

  // Line 2: totals, sparkline, churn, then the breakdown by state and service.
  const churn = state.arrivals === null ? '' : `  +${state.arrivals}/-${state.departures} per poll`;
  const shownCount = state.visible.length === state.sessions.length ? '' : ` (${state.visible.length} shown)`;
  const stats = breakdown(state.sessions);
  const breakdownText = [stats.states, stats.services].filter((t) => t !== '').map((t) => `  │ ${t}`).join('');
  const l2 =
    state.fetchedAt === null
      ? line('h2', styled(state.stale ? 'no data yet: no host has answered' : 'waiting for the first poll…', { bold: true }, opts))
      : line(
          'h2',
          styled(`${countOf(state.sessions.length, 'session')}${shownCount} `, { bold: true }, opts),
          styled(sparkline(state.history, 20), { color: 'cyan' }, opts),
          plain(`${churn}${breakdownText}`),
        );

  // Line 3: poll latency, data age, interval, sort, filter, min idle, tags.
  // The slowest answer among the hosts that have answered; none yet: no figure.
  const latencies = state.health.filter((h) => h.latencyMs !== undefined).map((h) => h.latencyMs as number);
  const age = state.fetchedAt === null ? '-' : formatDuration((state.now - state.fetchedAt) / 1000);
  const parts = [
    `poll ${latencies.length ? Math.round(Math.max(...latencies)) + 'ms' : '-'}`,
    `age ${age}`,
    `every ${state.intervalSec}s`,
    `sort ${state.sort}${state.descending ? '▼' : '▲'}`,
  ];
  // The filter applied, not the prompt's text: that may not be a filter (it is on the prompt line, with its error).
  if (state.filterApplied !== '') parts.push(`filter "${sanitize(state.filterApplied, 60)}"`);
  if (state.minIdle > 0) parts.push(`idle ≥ ${formatDuration(state.minIdle)}`);
  if (state.tags.size > 0) parts.push(`${state.tags.size} tagged`);
  return [l1, l2, line('h3', styled(parts.join('  '), { dim: true }, opts))];
}
