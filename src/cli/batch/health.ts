// Per-host health in batch mode: the stderr summary line and the exit status of a poll.
import type { TargetHealth } from '../../core/model.js';
import { sanitize } from '../../core/sanitize.js';
import { EXIT } from '../exit-codes.js';

/** `a:8989 ok (12 sessions, 5 ms); b:8989 DOWN: connection refused …` */
export function healthSummary(health: readonly TargetHealth[]): string {
  return health
    .map((h) => {
      const name = sanitize(h.target, 80);
      if (h.status === 'ok') {
        const count = h.sessionCount === undefined ? '' : `${h.sessionCount} session${h.sessionCount === 1 ? '' : 's'}`;
        const latency = h.latencyMs === undefined ? '' : `${Math.round(h.latencyMs)} ms`;
        const detail = [count, latency].filter(Boolean).join(', ');
        return `${name} ok${detail ? ` (${detail})` : ''}`;
      }
      return `${name} DOWN: ${sanitize(h.error ?? 'no answer', 200)}`;
    })
    .join('; ');
}

/** ok, partial (some hosts down), or — all down — auth when every failure was 401/403, else unreachable. */
export function pollExitCode(health: readonly TargetHealth[]): number {
  const down = health.filter((h) => h.status !== 'ok');
  if (down.length === 0) return EXIT.ok;
  if (down.length < health.length) return EXIT.partial;
  const allAuth = down.every((h) => h.errorKind === 'auth' || h.errorKind === 'forbidden');
  return allAuth ? EXIT.auth : EXIT.unreachable;
}

const RANK: Record<number, number> = { [EXIT.ok]: 0, [EXIT.partial]: 1, [EXIT.unreachable]: 2, [EXIT.auth]: 2 };

/** The more serious of two poll statuses (the later one on a tie). */
export function worseExit(a: number, b: number): number {
  return (RANK[b] ?? 3) >= (RANK[a] ?? 3) ? b : a;
}
