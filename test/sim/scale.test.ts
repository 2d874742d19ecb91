// Large populations over HTTP (correctness at scale; speed is measured outside the tests).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { call, getJson } from './helpers/http.js';

interface Paged {
  data: { id: string; attributes: Record<string, unknown> }[];
  meta: { total: number };
  links: Record<string, string>;
}

describe('100,000 sessions', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ sessions: 100_000, churn: false, seed: 3 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('pages through with page[size]/page[number]', async () => {
    const last = await getJson<Paged>(sim, '/v1/sessions?fields[sessions]=idle,user&pretty=false&page[size]=5000&page[number]=19');
    expect(last.meta.total).toBe(100_000);
    expect(last.data).toHaveLength(5000);
    expect(last.data[0].id).toBe('95001');
    expect(last.data[4999].id).toBe('100000');
    expect(last.links.next).toBeUndefined();
  });

  it('serves a seed range and a whole compact sparse list', async () => {
    const range = await getJson<{ id: number }[]>(sim, '/sessions?range=50000-50009&fields=id');
    expect(range.map((s) => s.id)).toEqual(Array.from({ length: 10 }, (_, i) => 50001 + i));
    const all = await getJson<Paged>(sim, '/v1/sessions?fields[sessions]=idle&pretty=false');
    expect(all.data).toHaveLength(100_000);
  });

  it('HEAD answers like GET without a body', async () => {
    const head = await call(sim, '/sessions?range=0-9', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    const get = await call(sim, '/sessions?range=0-9');
    expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength(get.text));
  });
});
