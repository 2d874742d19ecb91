// Hand-made sessions for core and UI component tests.
import type { Session } from '../../../src/core/model.js';
import { sessionKey } from '../../../src/core/model.js';

export function makeSession(over: Partial<Session> & { id: number }): Session {
  const target = over.target ?? '127.0.0.1:8989';
  return {
    key: sessionKey(target, over.id),
    target,
    state: 'Session started',
    user: 'app',
    address: '10.0.0.1',
    service: 'rw-service',
    connected: new Date(Date.UTC(2026, 0, 1, 0, 0, 0)),
    idle: 10,
    // As if just polled: idle times read as given until the clock moves.
    polledAt: Date.now(),
    backends: 2,
    ...over,
  };
}
