// Polls several targets (a MaxScale cluster) at once. Each target's health is reported on its
// own; a dead or slow target never hides the others nor holds the snapshot past the deadline.
import type { Session, TargetHealth } from '../core/model.js';
import type { ApiErrorKind, PoolSnapshot, SessionList, SessionsClient } from './types.js';
import { describeError } from './errors.js';

export const DEFAULT_POOL_DEADLINE_MS = 5000;

export interface SessionPool {
  poll(): Promise<PoolSnapshot>;
  health(): TargetHealth[];
  clientFor(target: string): SessionsClient | undefined;
  close(): Promise<void>;
}

type Outcome = { ok: true; list: SessionList } | { ok: false; error: string; kind: ApiErrorKind };

interface TargetState {
  client: SessionsClient;
  health: TargetHealth;
  /** The running list poll, shared by overlapping poll() calls. */
  inFlight: Promise<Outcome> | null;
}

export function createPool(clients: SessionsClient[], opts: { deadlineMs?: number } = {}): SessionPool {
  const deadlineMs = opts.deadlineMs ?? DEFAULT_POOL_DEADLINE_MS;
  const states: TargetState[] = clients.map((client) => ({
    client,
    health: { target: client.target, status: 'unknown' },
    inFlight: null,
  }));

  function record(state: TargetState, outcome: Outcome): void {
    if (outcome.ok) {
      const { list } = outcome;
      state.health = {
        target: state.client.target,
        status: 'ok',
        dialect: list.dialect,
        latencyMs: list.latencyMs,
        lastOkAt: list.fetchedAt,
        sessionCount: list.sessions.length,
      };
      if (list.version !== undefined) state.health.version = list.version;
    } else {
      // Keep what we knew (dialect, version, last success) so the UI can say "down since …".
      state.health = { ...state.health, status: 'down', error: outcome.error, errorKind: outcome.kind, sessionCount: undefined };
    }
  }

  function start(state: TargetState): Promise<Outcome> {
    if (!state.inFlight) {
      const running = state.client.listSessions().then(
        (list): Outcome => ({ ok: true, list }),
        (e: unknown): Outcome => {
          const error = describeError(e, state.client.target);
          return { ok: false, error: error.message, kind: error.kind };
        },
      );
      state.inFlight = running;
      void running.then((outcome) => {
        if (state.inFlight === running) state.inFlight = null;
        // A late answer still updates health, so the next snapshot is not stale.
        record(state, outcome);
      });
    }
    return state.inFlight;
  }

  async function pollOne(state: TargetState): Promise<Session[]> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Outcome>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, kind: 'timeout', error: `no answer from ${state.client.target} within ${deadlineMs} ms (still waiting)` }),
        deadlineMs,
      );
    });
    const outcome = await Promise.race([start(state), late]);
    clearTimeout(timer);
    record(state, outcome);
    return outcome.ok ? outcome.list.sessions : [];
  }

  return {
    async poll() {
      const perTarget = await Promise.all(states.map(pollOne));
      return { sessions: perTarget.flat(), health: states.map((s) => ({ ...s.health })), fetchedAt: Date.now() };
    },
    health: () => states.map((s) => ({ ...s.health })),
    clientFor: (target) => states.find((s) => s.client.target === target)?.client,
    async close() {
      await Promise.all(states.map((s) => s.client.close().catch(() => undefined)));
    },
  };
}
