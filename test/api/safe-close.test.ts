// safeCloseSession against the simulator: closes exactly the session the user saw, or nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { createClient } from '../../src/api/client.js';
import { safeCloseSession } from '../../src/api/safe-close.js';
import type { SessionsClient } from '../../src/api/types.js';
import type { Session } from '../../src/core/model.js';
import { recordRequests } from './helpers/requests.js';
import { failure } from './helpers/failure.js';

const sims: Simulator[] = [];
const clients: SessionsClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function setup(dialect: 'v1' | 'seed', extra: { readOnly?: boolean } = {}) {
  const sim = await startSimulator({
    sessions: 10,
    seed: 9,
    churn: false,
    dialects: [dialect],
    readOnlyUser: { user: 'viewer', password: 'look' },
  });
  sims.push(sim);
  const client = createClient({
    target: `127.0.0.1:${sim.port}`,
    user: extra.readOnly ? 'viewer' : 'admin',
    password: extra.readOnly ? 'look' : 'mariadb',
  });
  clients.push(client);
  const victim = sim.model.addSession({ user: 'runaway', address: '203.0.113.5' });
  const seen = (await client.listSessions()).sessions.find((s) => s.id === victim.id)!;
  return { sim, client, victim, seen };
}

const deletes = <T extends { method: string }>(sent: T[]): T[] => sent.filter((r) => r.method === 'DELETE');

describe.each(['v1', 'seed'] as const)('safeCloseSession (%s)', (dialect) => {
  it('closes the session the user saw', async () => {
    const { sim, client, victim, seen } = await setup(dialect);
    const before = sim.model.size;
    const out = await safeCloseSession(client, seen);
    expect(out).toMatchObject({ result: 'closed', session: seen, message: `closed session ${victim.id} on 127.0.0.1:${sim.port}` });
    expect(sim.model.get(victim.id)).toBeUndefined();
    expect(sim.model.size).toBe(before - 1);
  });

  it('already gone: nothing is sent', async () => {
    const { sim, client, victim, seen } = await setup(dialect);
    sim.model.close(victim.id);
    const rec = recordRequests();
    try {
      const out = await safeCloseSession(client, seen);
      expect(out.result).toBe('already-gone');
      expect(out.message).toContain('already gone');
    } finally {
      rec.stop();
    }
    expect(deletes(rec.sent)).toEqual([]);
  });

  it.each([
    ['user', (s: Session): Session => ({ ...s, user: 'someone-else' }), 'user "someone-else" → "runaway"'],
    ['address', (s: Session): Session => ({ ...s, address: '10.9.9.9' }), 'address "10.9.9.9" → "203.0.113.5"'],
    ['connected', (s: Session): Session => ({ ...s, connected: new Date(0) }), 'connected 1970-01-01T00:00:00.000Z →'],
  ])('refuses when the %s differs (an id reused after a restart): nothing is sent', async (_what, change, text) => {
    const { sim, client, victim, seen } = await setup(dialect);
    const rec = recordRequests();
    let out;
    try {
      out = await safeCloseSession(client, change(seen));
    } finally {
      rec.stop();
    }
    expect(out.result).toBe('refused');
    expect(out.message).toContain(`not closed: session ${victim.id} on 127.0.0.1:${sim.port} is no longer the session you saw`);
    expect(out.message).toContain(text);
    expect(deletes(rec.sent)).toEqual([]);
    expect(sim.model.get(victim.id)).toBeDefined();
  });

  it('a read-only account gets an error with the forbidden message; the session stays', async () => {
    const { sim, client, victim, seen } = await setup(dialect, { readOnly: true });
    const out = await safeCloseSession(client, seen);
    expect(out.result).toBe('error');
    expect(out.error?.kind).toBe('forbidden');
    expect(out.message).toContain('may not close sessions');
    expect(sim.model.get(victim.id)).toBeDefined();
  });

  it('refuses to use the client of another target', async () => {
    const { sim, victim, seen } = await setup(dialect);
    const other = createClient({ target: `localhost:${sim.port}`, user: 'admin', password: 'mariadb' });
    clients.push(other);
    const out = await safeCloseSession(other, seen);
    expect(out.result).toBe('error');
    expect(sim.model.get(victim.id)).toBeDefined();
  });

  it('only ever sends DELETE for seen.id', async () => {
    const { client, victim, seen } = await setup(dialect);
    const rec = recordRequests();
    try {
      await safeCloseSession(client, seen);
    } finally {
      rec.stop();
    }
    const sent = deletes(rec.sent).map((r) => r.path);
    expect(sent).toEqual([dialect === 'v1' ? `/v1/sessions/${victim.id}` : `/sessions/${victim.id}`]);
  });
});

describe('safeCloseSession identity details', () => {
  it('v1: a different client port is refused', async () => {
    const { client, seen } = await setup('v1');
    expect(seen.port).toBeTypeOf('number');
    const out = await safeCloseSession(client, { ...seen, port: seen.port! + 1 });
    expect(out.result).toBe('refused');
    expect(out.message).toContain(`port ${seen.port! + 1} → ${seen.port}`);
  });

  it('a user that appeared after authentication is still the same session', async () => {
    const { sim, client, victim, seen } = await setup('v1');
    const out = await safeCloseSession(client, { ...seen, user: null });
    expect(out.result).toBe('closed');
    expect(sim.model.get(victim.id)).toBeUndefined();
  });

  it('hostile text in what changed is shown as one plain line', async () => {
    const { client, seen } = await setup('seed');
    const out = await safeCloseSession(client, { ...seen, user: 'x\u001b[2J\ny' });
    expect(out.result).toBe('refused');
    expect(out.message).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('safeCloseSession with ttl', () => {
  it('v1 schedules the close', async () => {
    const { sim, client, victim, seen } = await setup('v1');
    const out = await safeCloseSession(client, seen, { ttl: 20 });
    expect(out).toMatchObject({ result: 'scheduled', message: `session ${victim.id} on 127.0.0.1:${sim.port} will be closed in 20 s` });
    expect(sim.model.get(victim.id)).toBeDefined();
    sim.clock.advance(21);
    expect(sim.model.get(victim.id)).toBeUndefined();
  });

  it('seed reports that ttl is not supported and closes nothing', async () => {
    const { sim, client, victim, seen } = await setup('seed');
    const out = await safeCloseSession(client, seen, { ttl: 20 });
    expect(out.result).toBe('error');
    expect(out.error?.kind).toBe('not-supported');
    expect(sim.model.get(victim.id)).toBeDefined();
  });
});

describe('v1: a MaxScale that closes sessions (the simulator is 24.08) answers 404 to the DELETE', () => {
  // 22.08 and later answer 404 to a DELETE only for an id they do not have: the session is gone
  // (the DELETE is answered 404 here while the model keeps it, so a read back would say it is
  // there: it must not be asked). Only a server too old to close sessions, or one whose version
  // is unknown and whose session still reads back, gets "needs 22.08".
  const delete404 = { status: 404, body: '', method: 'DELETE', pathPrefix: '/v1/sessions/' };

  it('closeSession: already closed, not "cannot close sessions … needs 22.08"', async () => {
    const { sim, client, victim } = await setup('v1');
    sim.faults.rawReply = delete404;
    const e = await failure(client.closeSession(victim.id));
    expect(e.message).toBe(`session ${victim.id} on 127.0.0.1:${sim.port} is already closed`);
    expect(e.kind).toBe('not-found');
    expect(e.status).toBe(404);
  });

  it('safeCloseSession: already gone, without reading the session back', async () => {
    const { sim, client, victim, seen } = await setup('v1');
    sim.faults.rawReply = delete404;
    const rec = recordRequests();
    let out;
    try {
      out = await safeCloseSession(client, seen);
    } finally {
      rec.stop();
    }
    expect(out.message).not.toContain('22.08');
    expect(out).toMatchObject({ result: 'already-gone', message: `session ${victim.id} on 127.0.0.1:${sim.port} was already closed` });
    expect(out.error).toBeUndefined();
    // The re-check, the DELETE, then the version; no read back.
    expect(rec.sent.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/sessions/${victim.id}`, `DELETE /v1/sessions/${victim.id}`, 'GET /v1/maxscale']);
  });
});
