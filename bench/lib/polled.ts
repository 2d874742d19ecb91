// Real polled data for the scenarios that start after a poll: one list poll through the real
// client against a simulator process (manual clock, no churn).
import type { Dialect, Session } from '../../src/core/model.js';
import { createClient } from '../../src/api/index.js';
import { SIM_PASSWORD, SIM_USER, startSimProcess } from './children.js';

export async function polledSessions(count: number, dialect: Dialect = 'v1'): Promise<Session[]> {
  const sim = await startSimProcess(count, 'manual', false);
  const client = createClient({ target: sim.target, user: SIM_USER, password: SIM_PASSWORD, dialect });
  try {
    return (await client.listSessions()).sessions;
  } finally {
    await client.close();
    await sim.stop();
  }
}

/** Fresh objects with the same values: what the next poll of an unchanged server gives. */
export const repolled = (sessions: readonly Session[]): Session[] => sessions.map((s) => ({ ...s }));
