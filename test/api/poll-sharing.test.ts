// Memory at 100k sessions: a session's `connected` Date is parsed once and shared between polls,
// and the pools that share repeated strings stay bounded. Values never change because of it.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { createClient } from '../../src/api/client.js';
import type { SessionsClient } from '../../src/api/types.js';
import { intern, nameFromPath } from '../../src/api/validate.js';

const sims: Simulator[] = [];
const clients: SessionsClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

describe.each(['v1', 'seed'] as const)('%s polls', (dialect) => {
  it('share each session’s connected Date between polls and keep every value', async () => {
    const sim = await startSimulator({ sessions: 30, seed: 11, clock: 'manual', churn: false, dialects: [dialect] });
    sims.push(sim);
    const c = createClient({ target: `127.0.0.1:${sim.port}`, user: 'admin', password: 'mariadb', dialect });
    clients.push(c);
    const first = (await c.listSessions()).sessions;
    sim.clock.advance(5);
    const second = (await c.listSessions()).sessions;
    expect(second.map((s) => s.id)).toEqual(first.map((s) => s.id));
    const withDate = second.filter((s) => s.connected !== null);
    expect(withDate.length).toBeGreaterThan(0);
    for (const [i, s] of second.entries()) {
      expect(s.connected).toBe(first[i].connected); // the same Date object
      const fixed = ({ key, id, target, state, user, address, service }: typeof s) => ({ key, id, target, state, user, address, service });
      expect(fixed(s)).toEqual(fixed(first[i]));
    }
  });
});

describe('string pools', () => {
  it('return equal values and survive being emptied when full', () => {
    for (let i = 0; i < 45_000; i++) expect(intern(`user-${i}`)).toBe(`user-${i}`);
    for (let i = 0; i < 45_000; i++) expect(nameFromPath(`/services/svc-${i}/`)).toBe(`svc-${i}`);
    expect(nameFromPath('plain')).toBe('plain');
    expect(nameFromPath('/servers/db-1')).toBe('db-1');
  });
});
