// The v1 (MaxScale 24.08 JSON:API) dialect over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { call, getJson } from './helpers/http.js';
import {
  assertSchema,
  v1Errors,
  v1PagedList,
  v1ServerList,
  v1ServerOne,
  v1ServiceList,
  v1SessionList,
  v1SessionOne,
} from './helpers/schemas.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ sessions: 40, seed: 11 });
  sim.clock.advance(5);
});
afterAll(async () => {
  await sim.close();
});

interface Resource {
  id: string;
  type: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, unknown>;
  links: { self: string };
}
interface ListBody {
  data: Resource[];
  links: Record<string, string>;
  meta?: { total: number };
}

/** Keys of every object, recursively, must be sorted (MaxScale sorts them). */
function expectSortedKeys(value: unknown, path = '$'): void {
  if (Array.isArray(value)) return value.forEach((v, i) => expectSortedKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return;
  const keys = Object.keys(value);
  expect(keys, path).toEqual([...keys].sort());
  for (const k of keys) expectSortedKeys((value as Record<string, unknown>)[k], `${path}.${k}`);
}

describe('GET /v1/sessions', () => {
  it('answers the JSON:API list, pretty-printed with sorted keys by default', async () => {
    const a = await call(sim, '/v1/sessions');
    expect(a.status).toBe(200);
    expect(a.text).toMatch(/^\{\n {4}"data": \[/);
    const body = JSON.parse(a.text) as ListBody;
    assertSchema(v1SessionList, body);
    expectSortedKeys(body);
    expect(body.data.map((r) => Number(r.id))).toEqual(sim.model.sessions().map((s) => s.id));
    expect(body.links.self).toBe(`${sim.url}/v1/sessions/`);
  });

  it('pretty=false is compact and otherwise identical', async () => {
    const compact = await call(sim, '/v1/sessions?pretty=false');
    const pretty = await call(sim, '/v1/sessions');
    expect(compact.text).not.toContain('\n');
    expect(JSON.parse(compact.text)).toEqual(JSON.parse(pretty.text));
  });

  it('builds links from the request Host header', async () => {
    const body = await getJson<ListBody>(sim, '/v1/sessions?page[size]=1', { headers: { host: 'maxscale.example:8989' } });
    expect(body.links.self).toBe('http://maxscale.example:8989/v1/sessions/?page[size]=1&page[number]=0');
    expect(body.data[0].links.self).toBe(`http://maxscale.example:8989/v1/sessions/${body.data[0].id}/`);
    const rel = body.data[0].relationships!.services as { links: { related: string } };
    expect(rel.links.related).toBe('http://maxscale.example:8989/v1/services/');
  });

  it('accepts the trailing slash', async () => {
    const a = await getJson<ListBody>(sim, '/v1/sessions/?pretty=false');
    expect(a.data.length).toBe(sim.model.size);
  });
});

describe('sparse fieldsets', () => {
  it('keeps only the named attributes; relationships only when named', async () => {
    const body = await getJson<ListBody>(sim, '/v1/sessions?fields[sessions]=idle,user,memory/total');
    for (const r of body.data) {
      expect(Object.keys(r).sort()).toEqual(['attributes', 'id', 'links', 'type']);
      expect(Object.keys(r.attributes).every((k) => ['idle', 'memory', 'user'].includes(k))).toBe(true);
      expect(Object.keys(r.attributes.memory as object)).toEqual(['total']);
      expect(typeof r.attributes.idle).toBe('number');
    }
    const withRel = await getJson<ListBody>(sim, '/v1/sessions?fields[sessions]=state,services');
    expect(Object.keys(withRel.data[0].relationships!)).toEqual(['services']);
    expect(Object.keys(withRel.data[0].attributes)).toEqual(['state']);
  });

  it('picks nested paths and merges siblings, sorted', async () => {
    const one = await getJson<{ data: Resource }>(sim, '/v1/sessions/1?fields[sessions]=memory/total,memory/connection_buffers/total,client/connection_attributes/_os');
    expect(one.data.attributes).toEqual({
      client: { connection_attributes: { _os: expect.any(String) } },
      memory: { connection_buffers: { total: expect.any(Number) }, total: expect.any(Number) },
    });
    expectSortedKeys(one);
  });

  it('ignores unknown names; an empty value leaves empty attributes', async () => {
    const unknown = await getJson<{ data: Resource }>(sim, '/v1/sessions/1?fields[sessions]=nope,idle');
    expect(Object.keys(unknown.data.attributes)).toEqual(['idle']);
    const none = await getJson<{ data: Resource }>(sim, '/v1/sessions/1?fields[sessions]=');
    expect(none.data.attributes).toEqual({});
    expect(none.data.relationships).toBeUndefined();
  });

  it('inherited property names are just unknown fields and never leak internals', async () => {
    for (const f of ['constructor', '__proto__', 'toString', 'hasOwnProperty,idle', '__proto__/polluted', 'constructor/prototype']) {
      const a = await call(sim, `/v1/sessions/1?pretty=false&fields[sessions]=${encodeURIComponent(f)}`);
      expect(a.status, f).toBe(200);
      expect(a.text).not.toMatch(/rng|busyUntil|authUntil/);
      const attrs = JSON.parse(a.text).data.attributes;
      expect(Object.keys(attrs).filter((k) => k !== 'idle')).toEqual([]);
    }
    for (const f of ['/attributes/constructor=1', '/attributes/__proto__={}', '/constructor=1']) {
      const a = await call(sim, `/v1/sessions?filter=${encodeURIComponent(f)}`);
      expect(a.status, f).toBe(200);
      expect(JSON.parse(a.text).data).toEqual([]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the sparse values equal the full resource values', async () => {
    const full = await getJson<{ data: Resource }>(sim, '/v1/sessions/2');
    const sparse = await getJson<{ data: Resource }>(sim, '/v1/sessions/2?fields[sessions]=idle,remote,memory/total');
    expect(sparse.data.attributes.idle).toBe(full.data.attributes.idle);
    expect(sparse.data.attributes.remote).toBe(full.data.attributes.remote);
    expect((sparse.data.attributes.memory as { total: number }).total).toBe((full.data.attributes.memory as { total: number }).total);
  });
});

describe('paging', () => {
  it('slices with page[size]/page[number], meta.total and first/last/next/prev links', async () => {
    const total = sim.model.size;
    const all = await getJson<ListBody>(sim, '/v1/sessions?fields[sessions]=idle');
    const p0 = await getJson<ListBody>(sim, '/v1/sessions?fields[sessions]=idle&page[size]=7');
    assertSchema(v1PagedList, p0);
    expect(p0.meta!.total).toBe(total);
    expect(p0.data).toEqual(all.data.slice(0, 7));
    expect(p0.links.prev).toBeUndefined();
    expect(p0.links.next).toBe(`${sim.url}/v1/sessions/?page[size]=7&page[number]=1`);
    const last = Math.ceil(total / 7) - 1;
    expect(p0.links.last).toBe(`${sim.url}/v1/sessions/?page[size]=7&page[number]=${last}`);
    const pl = await getJson<ListBody>(sim, `/v1/sessions?fields[sessions]=idle&page[size]=7&page[number]=${last}`);
    expect(pl.data).toEqual(all.data.slice(last * 7));
    expect(pl.links.next).toBeUndefined();
    expect(pl.links.prev).toBe(`${sim.url}/v1/sessions/?page[size]=7&page[number]=${last - 1}`);
    // Concatenating every page gives the whole list exactly once.
    const pages: Resource[] = [];
    for (let n = 0; n <= last; n++) pages.push(...(await getJson<ListBody>(sim, `/v1/sessions?fields[sessions]=idle&page[size]=7&page[number]=${n}`)).data);
    expect(pages).toEqual(all.data);
  });

  it('a page past the end is empty; bad sizes and numbers are 400', async () => {
    const past = await getJson<ListBody>(sim, '/v1/sessions?page[size]=10&page[number]=999');
    expect(past.data).toEqual([]);
    expect(past.meta!.total).toBe(sim.model.size);
    for (const q of ['page[size]=0', 'page[size]=-1', 'page[size]=abc', 'page[size]=1.5', 'page[size]=5&page[number]=-1', 'page[size]=5&page[number]=x']) {
      const a = await call(sim, `/v1/sessions?${q}`);
      expect(a.status, q).toBe(400);
      assertSchema(v1Errors, JSON.parse(a.text));
    }
  });

  it('percent-encoded brackets work the same', async () => {
    const a = await getJson<ListBody>(sim, '/v1/sessions?page%5Bsize%5D=3&fields%5Bsessions%5D=idle');
    expect(a.data).toHaveLength(3);
    expect(a.meta!.total).toBe(sim.model.size);
  });
});

describe('filter', () => {
  it('keeps resources whose JSON pointer equals the JSON value; meta.total counts them', async () => {
    const user = sim.model.sessions()[0].user;
    const expected = sim.model.sessions().filter((s) => s.user === user).map((s) => String(s.id));
    const body = await getJson<ListBody>(sim, `/v1/sessions?filter=${encodeURIComponent(`/attributes/user="${user}"`)}&page[size]=1000`);
    expect(body.data.map((r) => r.id)).toEqual(expected);
    expect(body.meta!.total).toBe(expected.length);
    const byId = await getJson<ListBody>(sim, `/v1/sessions?filter=${encodeURIComponent('/id="3"')}`);
    expect(byId.data.map((r) => r.id)).toEqual(['3']);
    const nested = await getJson<ListBody>(sim, `/v1/sessions?filter=${encodeURIComponent('/relationships/services/data/0/id="RW-Split-Router"')}`);
    expect(nested.data.length).toBe(sim.model.sessions().filter((s) => s.service === 'RW-Split-Router').length);
    const none = await getJson<ListBody>(sim, `/v1/sessions?filter=${encodeURIComponent('/attributes/user="nobody-at-all"')}`);
    expect(none.data).toEqual([]);
  });

  it.each(['attributes/user="bob"', '/attributes/user', '/attributes/user=bob', '/attributes/user="bob'])('filter=%j is a 400', async (f) => {
    const a = await call(sim, `/v1/sessions?filter=${encodeURIComponent(f)}`);
    expect(a.status).toBe(400);
    assertSchema(v1Errors, JSON.parse(a.text));
  });
});

describe('GET /v1/sessions/:id', () => {
  it('answers one resource matching the schema, equal to its list element', async () => {
    const a = await call(sim, '/v1/sessions/3');
    expect(a.status).toBe(200);
    const one = JSON.parse(a.text) as { data: Resource; links: { self: string } };
    assertSchema(v1SessionOne, one);
    expectSortedKeys(one);
    expect(one.links.self).toBe(`${sim.url}/v1/sessions/3/`);
    const list = await getJson<ListBody>(sim, '/v1/sessions');
    expect(list.data.find((r) => r.id === '3')).toEqual(one.data);
    expect((await getJson<{ data: Resource }>(sim, '/v1/sessions/3/')).data).toEqual(one.data);
  });

  it('shows queries newest first with MaxScale timestamps, completed ones with responses', async () => {
    const s = sim.model.addSession({ queries: ['SELECT 3', 'SELECT 2', 'SELECT 1'], busyForSeconds: 2 });
    const one = await getJson<{ data: Resource }>(sim, `/v1/sessions/${s.id}`);
    const q = one.data.attributes.queries as { statement: string; completed?: string; received: string; responses: unknown[] }[];
    expect(q.map((x) => x.statement)).toEqual(['SELECT 3', 'SELECT 2', 'SELECT 1']);
    expect(q[0].completed).toBeUndefined();
    expect(q[0].responses).toEqual([]);
    expect(q[1].completed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    expect(q[1].responses).toEqual([{ duration: expect.any(Number), server: expect.any(String) }]);
    expect(one.data.attributes.idle).toBe(0);
    sim.clock.advance(3);
    const later = await getJson<{ data: Resource }>(sim, `/v1/sessions/${s.id}?fields[sessions]=queries,idle`);
    expect((later.data.attributes.queries as { completed?: string }[])[0].completed).toBeDefined();
    expect(later.data.attributes.idle).toBe(1);
  });

  it.each(['999999', '0', 'abc', '-2', '01'])('unknown or malformed id %j is a 404 with an empty body', async (id) => {
    const a = await call(sim, `/v1/sessions/${id}`);
    expect(a.status).toBe(404);
    expect(a.text).toBe('');
  });
});

describe('DELETE /v1/sessions/:id', () => {
  it('answers 200 with an empty body and the session is gone', async () => {
    const id = sim.model.sessions()[2].id;
    const a = await call(sim, `/v1/sessions/${id}`, { method: 'DELETE' });
    expect(a.status).toBe(200);
    expect(a.text).toBe('');
    expect((await call(sim, `/v1/sessions/${id}`)).status).toBe(404);
    expect((await call(sim, `/v1/sessions/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('?ttl=N closes after N simulated seconds, not before', async () => {
    const s = sim.model.addSession({ user: 'ttl-target' });
    const a = await call(sim, `/v1/sessions/${s.id}?ttl=10`, { method: 'DELETE' });
    expect(a.status).toBe(200);
    expect(a.text).toBe('');
    sim.clock.advance(9.9);
    expect((await call(sim, `/v1/sessions/${s.id}`)).status).toBe(200);
    sim.clock.advance(0.1);
    expect((await call(sim, `/v1/sessions/${s.id}`)).status).toBe(404);
  });

  it('ttl=0 closes at once; a malformed ttl is a 400 and closes nothing', async () => {
    const s = sim.model.addSession();
    for (const ttl of ['-1', 'abc', '1.5', '']) {
      const a = await call(sim, `/v1/sessions/${s.id}?ttl=${ttl}`, { method: 'DELETE' });
      expect(a.status, ttl).toBe(400);
      assertSchema(v1Errors, JSON.parse(a.text));
    }
    expect(sim.model.get(s.id)).toBeDefined();
    expect((await call(sim, `/v1/sessions/${s.id}?ttl=0`, { method: 'DELETE' })).status).toBe(200);
    expect(sim.model.get(s.id)).toBeUndefined();
  });

  it('unknown id is a 404', async () => {
    expect((await call(sim, '/v1/sessions/888888', { method: 'DELETE' })).status).toBe(404);
  });
});

describe('other v1 resources', () => {
  it('GET /v1/ and /v1 answer 200 (health check)', async () => {
    expect((await call(sim, '/v1/')).status).toBe(200);
    expect((await call(sim, '/v1')).status).toBe(200);
  });

  it('GET /v1/servers: statistics.connections match the live sessions', async () => {
    const a = await call(sim, '/v1/servers');
    const body = JSON.parse(a.text) as ListBody;
    assertSchema(v1ServerList, body);
    expectSortedKeys(body);
    expect(body.data.map((r) => r.id)).toEqual(['db-serv-01', 'db-serv-02', 'db-serv-03', 'db-serv-04']);
    for (const r of body.data) {
      const st = r.attributes.statistics as { connections: number; max_connections: number; total_connections: number; active_operations: number };
      const live = sim.model.sessions().reduce((n, s) => n + s.connections.filter((c) => c.server === r.id).length, 0);
      expect(st.connections).toBe(live);
      expect(st.max_connections).toBeGreaterThanOrEqual(live);
      expect(st.total_connections).toBeGreaterThanOrEqual(live);
      expect(st.active_operations).toBeLessThanOrEqual(live);
    }
    expect(body.data.filter((r) => r.attributes.state === 'Master, Running').map((r) => r.id)).toEqual(['db-serv-01']);
  });

  it('GET /v1/servers/:id answers one server; unknown is a 404 with errors', async () => {
    const one = await getJson(sim, '/v1/servers/db-serv-02/');
    assertSchema(v1ServerOne, one);
    const a = await call(sim, '/v1/servers/db-serv-99');
    expect(a.status).toBe(404);
    assertSchema(v1Errors, JSON.parse(a.text));
    const sparse = await getJson<{ data: Resource }>(sim, '/v1/servers/db-serv-01?fields[servers]=statistics/connections');
    expect(sparse.data.attributes).toEqual({ statistics: { connections: expect.any(Number) } });
  });

  it('GET /v1/services lists 3–5 services whose connections add up to the sessions', async () => {
    const body = await getJson<ListBody>(sim, '/v1/services');
    assertSchema(v1ServiceList, body);
    expect(body.data.length).toBeGreaterThanOrEqual(3);
    expect(body.data.length).toBeLessThanOrEqual(5);
    const sum = body.data.reduce((n, r) => n + (r.attributes.statistics as { connections: number }).connections, 0);
    expect(sum).toBe(sim.model.size);
  });

  it('GET /v1/maxscale names a 24.08 version', async () => {
    const body = await getJson<{ data: Resource }>(sim, '/v1/maxscale');
    expect(body.data.attributes.version).toMatch(/^24\.08\./);
  });

  it('unknown v1 paths are 404 with errors; wrong methods are 405 with Allow', async () => {
    for (const path of ['/v1/nope', '/v1/sessions/1/nope', '/v1/maxscale/x']) {
      const a = await call(sim, path);
      expect(a.status, path).toBe(404);
      assertSchema(v1Errors, JSON.parse(a.text));
    }
    const post = await call(sim, '/v1/sessions', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
    const patch = await call(sim, '/v1/sessions/1', { method: 'PATCH' });
    expect(patch.status).toBe(405);
    expect(patch.headers.allow).toBe('GET, DELETE');
    assertSchema(v1Errors, JSON.parse(patch.text));
  });
});

describe('prefix-less v1 forms', () => {
  it('serves v1 where the seed does not own the path', async () => {
    const list = await getJson<ListBody>(sim, '/sessions/?pretty=false');
    assertSchema(v1SessionList, list);
    const one = await getJson<{ data: Resource }>(sim, '/sessions/1/');
    expect(one.data.id).toBe('1');
    assertSchema(v1ServerList, await getJson(sim, '/servers'));
    expect((await getJson<{ data: Resource }>(sim, '/maxscale')).data.id).toBe('maxscale');
  });

  it('a v1-only simulator serves every prefix-less form, including /sessions', async () => {
    const v1only = await startSimulator({ sessions: 5, dialects: ['v1'] });
    try {
      assertSchema(v1SessionList, await getJson(v1only, '/sessions'));
      expect((await call(v1only, '/sessions/999')).status).toBe(404);
      expect((await call(v1only, '/sessions/999')).text).toBe('');
    } finally {
      await v1only.close();
    }
  });

  it('a seed-only simulator answers 404 under /v1', async () => {
    const seedOnly = await startSimulator({ sessions: 5, dialects: ['seed'] });
    try {
      expect((await call(seedOnly, '/v1/sessions')).status).toBe(404);
      expect((await call(seedOnly, '/v1/')).status).toBe(404);
      expect((await call(seedOnly, '/sessions')).status).toBe(200);
    } finally {
      await seedOnly.close();
    }
  });
});
