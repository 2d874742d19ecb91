// Fault injection does what it says: 500s, malformed bodies, dropped connections, latency,
// hanging, a non-MaxScale page, padding, broken paging; settable at start and while running.
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { basic, call } from './helpers/http.js';
import { assertSchema, seedError, v1Errors } from './helpers/schemas.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ sessions: 30, seed: 8 });
});
afterEach(() => {
  Object.assign(sim.faults, { latencyMs: 0, slowPath: null, errorRate: 0, malformedRate: 0, dropRate: 0, hang: false, htmlPage: false, padBytes: 0, firstPageOnly: false, rawReply: null });
});
afterAll(async () => {
  await sim.close();
});

describe('fault injection', () => {
  it('errorRate 1 answers every request 500 with the dialect error body; 0 never', async () => {
    sim.faults.errorRate = 1;
    const seed = await call(sim, '/sessions');
    expect(seed.status).toBe(500);
    assertSchema(seedError, JSON.parse(seed.text));
    const v1 = await call(sim, '/v1/sessions');
    expect(v1.status).toBe(500);
    assertSchema(v1Errors, JSON.parse(v1.text));
    // A 500 is not a DELETE: nothing is closed.
    const id = sim.model.sessions()[0].id;
    expect((await call(sim, `/sessions/${id}`, { method: 'DELETE' })).status).toBe(500);
    expect(sim.model.get(id)).toBeDefined();
    sim.faults.errorRate = 0;
    for (let i = 0; i < 20; i++) expect((await call(sim, '/sessions?fields=id')).status).toBe(200);
  });

  it('errorRate 0.5 fails a share of requests, not all and not none', async () => {
    sim.faults.errorRate = 0.5;
    let failed = 0;
    for (let i = 0; i < 60; i++) if ((await call(sim, '/sessions?fields=id')).status === 500) failed++;
    expect(failed).toBeGreaterThan(10);
    expect(failed).toBeLessThan(50);
  });

  it('the same seed gives the same fault pattern', async () => {
    const pattern = async (s: Simulator) => {
      s.faults.errorRate = 0.3;
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push((await call(s, '/sessions?fields=id')).status);
      return out;
    };
    const a = await startSimulator({ sessions: 2, seed: 99 });
    const b = await startSimulator({ sessions: 2, seed: 99 });
    try {
      expect(await pattern(a)).toEqual(await pattern(b));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('errorRate given at start applies from the first request', async () => {
    const s = await startSimulator({ sessions: 2, errorRate: 1 });
    try {
      expect((await call(s, '/v1/sessions')).status).toBe(500);
    } finally {
      await s.close();
    }
  });

  it('malformedRate 1 sends a complete HTTP answer whose JSON is truncated', async () => {
    sim.faults.malformedRate = 1;
    for (const path of ['/sessions', '/v1/sessions', '/v1/sessions/1']) {
      const a = await call(sim, path);
      expect(a.status).toBe(200);
      expect(Number(a.headers['content-length'])).toBe(Buffer.byteLength(a.text));
      expect(() => JSON.parse(a.text)).toThrow(SyntaxError);
    }
    // Bodiless answers stay bodiless.
    expect((await call(sim, '/v1/sessions/999999')).text).toBe('');
  });

  it('dropRate 1 cuts the connection in the middle of the body', async () => {
    sim.faults.dropRate = 1;
    await expect(call(sim, '/sessions')).rejects.toThrow();
    sim.faults.dropRate = 0;
    expect((await call(sim, '/sessions')).status).toBe(200);
  });

  it('latencyMs delays every answer by at least that long', async () => {
    sim.faults.latencyMs = 150;
    const started = performance.now();
    expect((await call(sim, '/sessions?fields=id')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('slowPath delays only the answers whose path starts with its prefix', async () => {
    sim.faults.slowPath = { pathPrefix: '/v1/sessions/', delayMs: 300 };
    const id = sim.model.sessions()[0].id;
    let started = performance.now();
    expect((await call(sim, '/v1/sessions?page[size]=2')).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(250);
    started = performance.now();
    expect((await call(sim, `/v1/sessions/${id}`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('hang accepts the request and never answers', async () => {
    sim.faults.hang = true;
    const seen = sim.requestCount;
    await expect(
      request(`${sim.url}/sessions`, { headers: { authorization: basic('admin', 'mariadb') }, headersTimeout: 200 }),
    ).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(sim.requestCount).toBe(seen + 1);
  });

  it('htmlPage answers like a web server that is not MaxScale', async () => {
    sim.faults.htmlPage = true;
    const a = await call(sim, '/v1/sessions');
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toMatch(/^text\/html/);
    expect(a.text).toMatch(/^<!DOCTYPE html>/);
  });

  it('padBytes grows the body and keeps it valid JSON', async () => {
    const plain = await call(sim, '/sessions?fields=id');
    sim.faults.padBytes = 1_000_000;
    const padded = await call(sim, '/sessions?fields=id');
    expect(padded.text.length).toBe(plain.text.length + 1_000_000);
    expect(JSON.parse(padded.text)).toEqual(JSON.parse(plain.text));
  });

  it('firstPageOnly answers every list with its first page, whatever page is asked for; the page size is kept', async () => {
    const seedIds = async (range: string) => (JSON.parse((await call(sim, `/sessions?fields=id&range=${range}`)).text) as Array<{ id: number }>).map((s) => s.id);
    const v1Page = async (n: number) => JSON.parse((await call(sim, `/v1/sessions?page[size]=4&page[number]=${n}&fields[sessions]=state`)).text);
    const ids = sim.model.sessions().map((s) => s.id);
    expect(await seedIds('8-11')).toEqual(ids.slice(8, 12));
    expect((await v1Page(2)).data.map((r: { id: string }) => Number(r.id))).toEqual(ids.slice(8, 12));
    sim.faults.firstPageOnly = true;
    expect(await seedIds('8-11')).toEqual(ids.slice(0, 4));
    expect(await seedIds('0-3')).toEqual(ids.slice(0, 4));
    expect((await call(sim, '/sessions?range=5-2')).status).toBe(400); // a bad range is still refused
    const page = await v1Page(2);
    expect(page.data.map((r: { id: string }) => Number(r.id))).toEqual(ids.slice(0, 4));
    expect(page.meta).toEqual({ total: ids.length });
    expect(page.links.self).toMatch(/page\[number\]=0$/);
    expect(page.links.next).toMatch(/page\[number\]=1$/);
    // Lists only: one session, a DELETE and unpaged lists are as usual.
    expect(JSON.parse((await call(sim, `/v1/sessions/${ids[9]}`)).text).data.id).toBe(String(ids[9]));
    expect((JSON.parse((await call(sim, '/v1/sessions')).text) as { data: unknown[] }).data).toHaveLength(ids.length);
  });

  it('rawReply answers matching requests verbatim, after auth', async () => {
    sim.faults.rawReply = { status: 405, body: '', method: 'DELETE', pathPrefix: '/v1/sessions' };
    const id = sim.model.sessions()[1].id;
    const del = await call(sim, `/v1/sessions/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.text).toBe('');
    expect(sim.model.get(id)).toBeDefined();
    expect((await call(sim, `/v1/sessions/${id}`)).status).toBe(200);
    expect((await call(sim, `/v1/sessions/${id}`, { method: 'DELETE', as: null })).status).toBe(401);
    sim.faults.rawReply = { status: 200, body: '{"data":"not a list"}', pathPrefix: '/v1/sessions' };
    const odd = await call(sim, '/v1/sessions');
    expect(odd.text).toBe('{"data":"not a list"}');
    expect((await call(sim, '/v1/')).status).toBe(200);
    expect((await call(sim, '/sessions')).status).toBe(200);
  });

  it('an exception while rendering answers 500 and the server keeps serving', async () => {
    const booby = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('render failed');
      },
    }) as Record<string, string>;
    const s = sim.model.addSession({ clientAttributes: booby });
    const a = await call(sim, `/v1/sessions/${s.id}`);
    expect(a.status).toBe(500);
    expect(JSON.parse(a.text).errors[0].detail).toMatch(/render failed/);
    sim.model.close(s.id);
    expect((await call(sim, '/v1/sessions')).status).toBe(200);
  });
});
