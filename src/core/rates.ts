// Per-backend-connection reads/s and writes/s between two detail polls. Pure.
import type { Connection } from './model.js';

export interface ConnectionRate {
  readsPerSec: number | null;
  writesPerSec: number | null;
}

/** Identifies a backend connection across polls: server plus backend id when known. */
export function connectionId(c: Connection, index: number): string {
  return c.backendConnectionId !== undefined ? `${c.server}#${c.backendConnectionId}` : `${c.server}@${index}`;
}

/**
 * Rates for each connection of `next` (same order). Null when there is no previous sample of the
 * same connection, no counters, no time passed, or a counter went backwards (a new connection).
 */
export function connectionRates(
  prev: { connections: readonly Connection[]; at: number } | null,
  next: { connections: readonly Connection[]; at: number },
): ConnectionRate[] {
  const none: ConnectionRate = { readsPerSec: null, writesPerSec: null };
  if (prev === null) return next.connections.map(() => none);
  const dt = (next.at - prev.at) / 1000;
  if (!(dt > 0)) return next.connections.map(() => none);
  const before = new Map<string, Connection>();
  prev.connections.forEach((c, i) => before.set(connectionId(c, i), c));
  return next.connections.map((c, i) => {
    const p = before.get(connectionId(c, i));
    if (p?.statistics === undefined || c.statistics === undefined) return none;
    const reads = c.statistics.reads - p.statistics.reads;
    const writes = c.statistics.writes - p.statistics.writes;
    return {
      readsPerSec: reads >= 0 ? reads / dt : null,
      writesPerSec: writes >= 0 ? writes / dt : null,
    };
  });
}
