// The seed dialect over real HTTP: shapes, fields, range, pretty, DELETE, errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { call, getJson } from './helpers/http.js';
import { assertSchema, seedConnectionList, seedError, seedSession, seedSessionList } from './helpers/schemas.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ sessions: 50, seed: 3 });
});
afterAll(async () => {
  await sim.close();
});

type SeedSession = { id: number; idle: number; state: string; user: string; service: string };

describe('GET /sessions', () => {
  it('answers an array of session objects in id order, with the design key order', async () => {
    const a = await call(sim, '/sessions');
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/json');
    const list = JSON.parse(a.text) as SeedSession[];
    assertSchema(seedSessionList, list);
    expect(list).toHaveLength(sim.model.size);
    const ids = list.map((s) => s.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(Object.keys(list[0])).toEqual(['id', 'state', 'user', 'address', 'service', 'connected', 'idle']);
    expect(a.text).not.toContain('\n'); // compact by default
  });

  it('pretty=true indents, pretty=false is compact, anything else is 400', async () => {
    const pretty = await call(sim, '/sessions?pretty=true&range=0-0');
    expect(pretty.text).toMatch(/^\[\n {4}\{\n {8}"id": 1,/);
    expect((await call(sim, '/sessions?pretty=false')).text).not.toContain('\n');
    const bad = await call(sim, '/sessions?pretty=yes');
    expect(bad.status).toBe(400);
    assertSchema(seedError, JSON.parse(bad.text));
  });

  it('fields keeps only the named fields, in design order, on every object', async () => {
    const list = await getJson<Record<string, unknown>[]>(sim, '/sessions?fields=idle,id');
    expect(list.length).toBe(sim.model.size);
    for (const o of list) expect(Object.keys(o)).toEqual(['id', 'idle']);
    const merged = await getJson<Record<string, unknown>[]>(sim, '/sessions?fields=user&fields=id');
    expect(Object.keys(merged[0])).toEqual(['id', 'user']);
  });

  it.each(['bogus', 'id,', '', 'id,,idle', 'statistics'])('fields=%j is a 400 with the error body', async (fields) => {
    const a = await call(sim, `/sessions?fields=${encodeURIComponent(fields)}`);
    expect(a.status).toBe(400);
    const body = JSON.parse(a.text);
    assertSchema(seedError, body);
    expect(body.description).toMatch(/field/);
  });

  it('range A-B is inclusive and zero-based; past the end returns what exists', async () => {
    const all = await getJson<SeedSession[]>(sim, '/sessions');
    expect(await getJson(sim, '/sessions?range=0-0')).toEqual(all.slice(0, 1));
    expect(await getJson(sim, '/sessions?range=10-20')).toEqual(all.slice(10, 21));
    expect(await getJson(sim, `/sessions?range=${all.length - 2}-${all.length + 100}`)).toEqual(all.slice(-2));
    expect(await getJson(sim, `/sessions?range=${all.length}-${all.length + 5}`)).toEqual([]);
    expect(await getJson(sim, '/sessions?range=3-3&fields=id')).toEqual([{ id: all[3].id }]);
  });

  it.each(['5', '5-', '-5', '5-2', 'a-b', '1-2-3', '1.5-2', ' 1-2', '0x1-2', '99999999999999999-1'])(
    'range=%j is a 400',
    async (range) => {
      const a = await call(sim, `/sessions?range=${encodeURIComponent(range)}`);
      expect(a.status).toBe(400);
      const body = JSON.parse(a.text);
      assertSchema(seedError, body);
      expect(body.description).toMatch(/range/);
    },
  );
});

describe('GET /sessions/:id', () => {
  it('answers one session equal to its element in the list', async () => {
    const list = await getJson<SeedSession[]>(sim, '/sessions');
    const one = await getJson<SeedSession>(sim, `/sessions/${list[4].id}`);
    assertSchema(seedSession, one);
    expect(one).toEqual(list[4]);
    expect(await getJson(sim, `/sessions/${list[4].id}?fields=user`)).toEqual({ user: list[4].user });
  });

  it('rejects range (not supported on a single session) and unknown fields', async () => {
    expect((await call(sim, '/sessions/1?range=0-1')).status).toBe(400);
    expect((await call(sim, '/sessions/1?fields=nope')).status).toBe(400);
  });

  it.each(['999999', '0', '-1', 'abc', '01', '1.0', '%20', '1e3', '99999999999999999999'])('id %j is a 404 with the error body', async (id) => {
    const a = await call(sim, `/sessions/${id}`);
    expect(a.status).toBe(404);
    assertSchema(seedError, JSON.parse(a.text));
  });
});

describe('GET /sessions/:id/connections', () => {
  it('lists the backend connections with counters, honouring fields and range', async () => {
    const s = sim.model.sessions()[0];
    const list = await getJson<{ server: string; service: string }[]>(sim, `/sessions/${s.id}/connections`);
    assertSchema(seedConnectionList, list);
    expect(list.map((c) => c.server)).toEqual(s.connections.map((c) => `/servers/${c.server}`));
    expect(list.every((c) => c.service === `/services/${s.service}`)).toBe(true);
    const sparse = await getJson<object[]>(sim, `/sessions/${s.id}/connections?fields=server&range=0-0`);
    expect(sparse).toEqual([{ server: list[0].server }]);
    expect((await call(sim, `/sessions/${s.id}/connections?fields=idle`)).status).toBe(400);
    expect((await call(sim, `/sessions/${s.id}/connections?range=2-1`)).status).toBe(400);
  });

  it('is a 404 for an unknown session', async () => {
    const a = await call(sim, '/sessions/424242/connections');
    expect(a.status).toBe(404);
    assertSchema(seedError, JSON.parse(a.text));
  });
});

describe('DELETE /sessions/:id', () => {
  it('answers 204 and the session and its connections are really gone', async () => {
    const s = sim.model.sessions()[5];
    const a = await call(sim, `/sessions/${s.id}`, { method: 'DELETE' });
    expect(a.status).toBe(204);
    expect(a.text).toBe('');
    expect(sim.model.get(s.id)).toBeUndefined();
    expect((await call(sim, `/sessions/${s.id}`)).status).toBe(404);
    expect((await call(sim, `/sessions/${s.id}/connections`)).status).toBe(404);
    const list = await getJson<SeedSession[]>(sim, '/sessions?fields=id');
    expect(list.map((x) => x.id)).not.toContain(s.id);
    // Deleting again: it no longer exists.
    expect((await call(sim, `/sessions/${s.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('closes exactly the named session, never another', async () => {
    const before = sim.model.sessions().map((s) => s.id);
    const victim = before[7];
    await call(sim, `/sessions/${victim}`, { method: 'DELETE' });
    expect(sim.model.sessions().map((s) => s.id)).toEqual(before.filter((id) => id !== victim));
  });

  it('is a 404 for unknown or malformed ids', async () => {
    for (const id of ['777777', 'x', '0']) {
      const a = await call(sim, `/sessions/${id}`, { method: 'DELETE' });
      expect(a.status).toBe(404);
      assertSchema(seedError, JSON.parse(a.text));
    }
  });
});

describe('wrong method and unknown path', () => {
  it.each([
    ['POST', '/sessions', 'GET'],
    ['DELETE', '/sessions', 'GET'],
    ['PUT', '/sessions/1', 'GET, DELETE'],
    ['PATCH', '/sessions/1', 'GET, DELETE'],
    ['DELETE', '/sessions/1/connections', 'GET'],
  ] as const)('%s %s is a 405 with Allow: %s', async (method, path, allow) => {
    const a = await call(sim, path, { method });
    expect(a.status).toBe(405);
    expect(a.headers.allow).toBe(allow);
    assertSchema(seedError, JSON.parse(a.text));
  });

  it.each(['/', '/nope', '/sessions/1/connections/2', '/session', '/SESSIONS'])('%s is a 404 with the error body', async (path) => {
    const a = await call(sim, path);
    expect(a.status).toBe(404);
    assertSchema(seedError, JSON.parse(a.text));
  });
});
