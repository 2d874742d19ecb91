// Same seed + same clock steps + same requests → byte-identical responses.
import { describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { call } from './helpers/http.js';

// Links are built from the Host header; pin it so two simulators on two ports can match.
const HOST = { host: 'maxscale.test:8989' };

const PATHS = [
  '/sessions',
  '/sessions?pretty=true&range=0-9',
  '/sessions/3/connections',
  '/v1/sessions',
  '/v1/sessions?pretty=false&fields[sessions]=idle,user,memory/total,queries&page[size]=25&page[number]=1',
  '/v1/sessions/2',
  '/v1/servers',
  '/v1/services',
];

/** A scripted session: steps, reads and a few closes. Returns every response text. */
async function script(sim: Simulator): Promise<string[]> {
  const out: string[] = [];
  for (let round = 0; round < 6; round++) {
    sim.clock.advance(round === 3 ? 900 : 7.3);
    for (const path of PATHS) {
      const a = await call(sim, path, { headers: HOST });
      out.push(`${a.status} ${a.text}`);
    }
    const victim = sim.model.sessions()[round * 3];
    out.push(String((await call(sim, `/v1/sessions/${victim.id}?ttl=${round}`, { method: 'DELETE', headers: HOST })).status));
  }
  return out;
}

describe('determinism', () => {
  it('two simulators with the same seed answer byte for byte the same', async () => {
    const a = await startSimulator({ sessions: 120, seed: 42 });
    const b = await startSimulator({ sessions: 120, seed: 42 });
    try {
      const ra = await script(a);
      const rb = await script(b);
      expect(ra.length).toBe(rb.length);
      for (let i = 0; i < ra.length; i++) expect(rb[i], `response ${i}`).toBe(ra[i]);
      expect(a.model.peekNextId).toBe(b.model.peekNextId);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a different seed gives a different cluster', async () => {
    const a = await startSimulator({ sessions: 50, seed: 1 });
    const b = await startSimulator({ sessions: 50, seed: 2 });
    try {
      const ta = (await call(a, '/sessions', { headers: HOST })).text;
      const tb = (await call(b, '/sessions', { headers: HOST })).text;
      expect(ta).not.toBe(tb);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('one big step and many small steps of the same total agree', async () => {
    const a = await startSimulator({ sessions: 80, seed: 5 });
    const b = await startSimulator({ sessions: 80, seed: 5 });
    try {
      a.clock.advance(120);
      for (let i = 0; i < 120; i++) b.clock.advance(1);
      expect((await call(b, '/v1/sessions', { headers: HOST })).text).toBe((await call(a, '/v1/sessions', { headers: HOST })).text);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
