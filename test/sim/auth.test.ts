// HTTP Basic auth: 401 with the MaxScale body and challenge, password changes, read-only 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { call } from './helpers/http.js';
import { assertSchema, v1Errors } from './helpers/schemas.js';

const READER = { user: 'watcher', password: 'look-only' };
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ sessions: 10, readOnlyUser: READER });
});
afterAll(async () => {
  await sim.close();
});

async function expectDenied(path: string, as: { user: string; password: string } | null, headers?: Record<string, string>) {
  const a = await call(sim, path, { as, headers });
  expect(a.status, path).toBe(401);
  expect(a.headers['www-authenticate']).toBe('Basic realm="maxscale"');
  expect(JSON.parse(a.text)).toEqual({ errors: [{ detail: 'Access denied' }] });
}

describe('auth', () => {
  it('no credentials, a wrong password or an unknown user get 401 on every path', async () => {
    for (const path of ['/sessions', '/sessions/1', '/sessions/1/connections', '/v1/sessions', '/v1/', '/v1/servers', '/nope']) {
      await expectDenied(path, null);
      await expectDenied(path, { user: 'admin', password: 'wrong' });
      await expectDenied(path, { user: 'root', password: 'mariadb' });
    }
  });

  it('a malformed Authorization header is a 401', async () => {
    for (const header of ['Bearer abc', 'Basic', 'Basic !!!', `Basic ${Buffer.from('nocolon').toString('base64')}`]) {
      await expectDenied('/sessions', null, { authorization: header });
    }
  });

  it('the default admin/mariadb is accepted; passwords may contain colons', async () => {
    expect((await call(sim, '/sessions')).status).toBe(200);
    sim.setAuth({ user: 'ops', password: 'a:b:c' });
    try {
      expect((await call(sim, '/v1/sessions', { as: { user: 'ops', password: 'a:b:c' } })).status).toBe(200);
    } finally {
      sim.setAuth({ user: 'admin', password: 'mariadb' });
    }
  });

  it('setAuth changes the password mid-run', async () => {
    sim.setAuth({ user: 'admin', password: 'changed' });
    try {
      await expectDenied('/v1/sessions', { user: 'admin', password: 'mariadb' });
      expect((await call(sim, '/v1/sessions', { as: { user: 'admin', password: 'changed' } })).status).toBe(200);
    } finally {
      sim.setAuth({ user: 'admin', password: 'mariadb' });
    }
  });

  it('setAuth(false) turns auth off', async () => {
    sim.setAuth(false);
    try {
      expect((await call(sim, '/sessions', { as: null })).status).toBe(200);
    } finally {
      sim.setAuth({ user: 'admin', password: 'mariadb' });
    }
    await expectDenied('/sessions', null);
  });

  it('the read-only user reads but gets 403 on DELETE in both dialects; nothing is closed', async () => {
    const id = sim.model.sessions()[0].id;
    expect((await call(sim, `/sessions/${id}`, { as: READER })).status).toBe(200);
    expect((await call(sim, `/v1/sessions/${id}`, { as: READER })).status).toBe(200);
    for (const path of [`/sessions/${id}`, `/v1/sessions/${id}`, `/v1/sessions/${id}?ttl=5`]) {
      const a = await call(sim, path, { method: 'DELETE', as: READER });
      expect(a.status, path).toBe(403);
      assertSchema(v1Errors, JSON.parse(a.text));
      expect(JSON.parse(a.text).errors[0].detail).toBe('Administrative access required');
    }
    expect(sim.model.get(id)).toBeDefined();
    expect((await call(sim, `/sessions/${id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('auth: false at start needs no credentials', async () => {
    const open = await startSimulator({ sessions: 1, auth: false });
    try {
      expect((await call(open, '/v1/sessions', { as: null })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
