// Both dialects show the same sessions with the same values at the same instant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { getJson } from './helpers/http.js';

interface SeedSession {
  id: number;
  state: string;
  user: string;
  address: string;
  service: string;
  connected: string;
  idle: number;
}
interface V1Resource {
  id: string;
  attributes: { state: string; user?: string; remote: string; connected: string; idle: number; connections: { server: string }[] };
  relationships: { services: { data: { id: string }[] } };
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ sessions: 150, seed: 77 });
});
afterAll(async () => {
  await sim.close();
});

async function compareAtThisInstant(): Promise<number> {
  const seed = await getJson<SeedSession[]>(sim, '/sessions');
  const v1 = (await getJson<{ data: V1Resource[] }>(sim, '/v1/sessions?pretty=false')).data;
  expect(v1.map((r) => Number(r.id))).toEqual(seed.map((s) => s.id));
  seed.forEach((s, i) => {
    const a = v1[i].attributes;
    expect(a.state, `state of ${s.id}`).toBe(s.state);
    expect(a.user ?? '', `user of ${s.id}`).toBe(s.user);
    expect(a.remote).toBe(s.address);
    expect(`/services/${v1[i].relationships.services.data[0].id}`).toBe(s.service);
    expect(a.idle, `idle of ${s.id}`).toBe(s.idle);
    // asctime and HTTP-date of the same second.
    expect(Date.parse(a.connected)).toBe(Date.parse(`${s.connected.replace(/ +/g, ' ')} UTC`));
  });
  return seed.length;
}

describe('dialect agreement', () => {
  it('at start, after small steps (including fractional ones) and after an hour', async () => {
    expect(await compareAtThisInstant()).toBeGreaterThan(0);
    for (const step of [0.25, 1, 0.05, 13.7, 3600]) {
      sim.clock.advance(step);
      await compareAtThisInstant();
    }
  });

  it('backend connections agree between /sessions/:id/connections and v1 connections', async () => {
    for (const s of sim.model.sessions().slice(0, 20)) {
      const seedConns = await getJson<{ server: string }[]>(sim, `/sessions/${s.id}/connections`);
      const v1 = await getJson<{ data: V1Resource }>(sim, `/v1/sessions/${s.id}`);
      expect(v1.data.attributes.connections.map((c) => `/servers/${c.server}`)).toEqual(seedConns.map((c) => c.server));
    }
  });

  it('a close through one dialect is seen by the other at once', async () => {
    const id = sim.model.sessions()[10].id;
    await fetch(`${sim.url}/sessions/${id}`, { method: 'DELETE', headers: { authorization: `Basic ${Buffer.from('admin:mariadb').toString('base64')}` } });
    const v1 = await getJson<{ data: V1Resource[] }>(sim, '/v1/sessions?pretty=false&fields[sessions]=idle');
    expect(v1.data.map((r) => Number(r.id))).not.toContain(id);
    await compareAtThisInstant();
  });
});
