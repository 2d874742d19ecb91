// stop / restart on the same port with the same model; close for good; option validation.
import { describe, expect, it } from 'vitest';
import { DEFAULT_START_TIME, startSimulator } from '../../src/sim/index.js';
import { call, getJson } from './helpers/http.js';

describe('lifecycle', () => {
  it('stop refuses connections; restart listens on the same port with the same model', async () => {
    const sim = await startSimulator({ sessions: 20 });
    try {
      expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
      expect(sim.port).toBeGreaterThan(0);
      await call(sim, '/sessions/4', { method: 'DELETE' });
      const before = await getJson(sim, '/sessions');
      await sim.stop();
      // The pooled keep-alive socket was cut; a fresh connection is refused.
      await expect(call(sim, '/sessions')).rejects.toThrow();
      await expect(call(sim, '/sessions')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      sim.clock.advance(0); // the model is still usable while stopped
      await sim.restart();
      expect(await getJson(sim, '/sessions')).toEqual(before);
      expect((await call(sim, '/sessions/4')).status).toBe(404);
      await sim.restart(); // restarting a running simulator is harmless
      expect((await call(sim, '/sessions')).status).toBe(200);
    } finally {
      await sim.close();
    }
    await expect(sim.restart()).rejects.toThrow(/closed/);
  });

  it('stop drops open keep-alive connections and hung requests', async () => {
    const sim = await startSimulator({ sessions: 2 });
    sim.faults.hang = true;
    const pending = call(sim, '/sessions');
    // Let the request reach the server (event-loop turns, not wall-clock sleeping).
    while (sim.requestCount < 1) await new Promise((r) => setImmediate(r));
    await sim.stop();
    await expect(pending).rejects.toThrow();
    await sim.close();
  });

  it('a port in use is a clear one-line error', async () => {
    const a = await startSimulator({ sessions: 1 });
    try {
      await expect(startSimulator({ sessions: 1, port: a.port })).rejects.toThrow(`port ${a.port} on 127.0.0.1 is already in use; choose another port (0 picks a free one)`);
    } finally {
      await a.close();
    }
  });

  it('rejects bad options with one-line messages', async () => {
    await expect(startSimulator({ port: 70000 })).rejects.toThrow(/^port must be/);
    await expect(startSimulator({ sessions: -1 })).rejects.toThrow(/^sessions must be/);
    await expect(startSimulator({ sessions: 1.5 })).rejects.toThrow(/^sessions must be/);
    await expect(startSimulator({ errorRate: 2 })).rejects.toThrow(/^error rate/);
    await expect(startSimulator({ latencyMs: -5 })).rejects.toThrow(/^latency/);
    await expect(startSimulator({ seed: 0.5 })).rejects.toThrow(/^seed/);
    await expect(startSimulator({ services: 7 })).rejects.toThrow(/^services/);
    await expect(startSimulator({ dialects: [] })).rejects.toThrow(/^dialects/);
  });

  it('the manual clock starts at the fixed default date and moves only when advanced', async () => {
    const sim = await startSimulator({ sessions: 1 });
    try {
      expect(sim.clock.mode).toBe('manual');
      expect(sim.clock.now()).toBe(DEFAULT_START_TIME);
      await call(sim, '/sessions');
      expect(sim.clock.now()).toBe(DEFAULT_START_TIME);
      sim.clock.advance(2.5);
      expect(sim.clock.now()).toBe(DEFAULT_START_TIME + 2500);
    } finally {
      await sim.close();
    }
  });

  it('the wall clock follows real time and can be pushed ahead', async () => {
    const sim = await startSimulator({ sessions: 5, clock: 'wall', startTime: DEFAULT_START_TIME });
    try {
      const t0 = sim.clock.now();
      expect(t0).toBeGreaterThanOrEqual(DEFAULT_START_TIME);
      sim.clock.advance(3600);
      expect(sim.clock.now()).toBeGreaterThanOrEqual(t0 + 3600_000);
      expect((await call(sim, '/v1/sessions')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
