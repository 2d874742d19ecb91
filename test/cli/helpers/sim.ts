// Simulators for command tests: a fixed set of known sessions, no churn, manual clock.
import { createServer } from 'node:net';
import { startSimulator, type SessionInit, type Simulator, type SimOptions } from '../../../src/sim/index.js';

export async function startFixedSim(sessions: SessionInit[], opts: SimOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ sessions: 0, churn: false, ...opts });
  for (const init of sessions) sim.model.addSession(init);
  return sim;
}

/** `host:port` of the simulator, as a user would type it. */
export function hostOf(sim: Simulator): string {
  return `127.0.0.1:${sim.port}`;
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Sessions with distinct users, addresses and idle times (seconds). */
export const FIXED_SESSIONS: SessionInit[] = [
  { user: 'alice', address: '192.0.2.10', service: 'RW-Split-Router', idleSeconds: 30 },
  { user: 'bob', address: '192.0.2.4', service: 'RW-Split-Router', idleSeconds: 18120 },
  { user: 'carol', address: '198.51.100.7', service: 'Read-Only-Service', idleSeconds: 400 },
  { user: 'app', address: '203.0.113.5', service: 'Read-Only-Service', idleSeconds: 5000 },
  { user: 'app', address: '203.0.113.6', service: 'RW-Split-Router', idleSeconds: 2 },
];
