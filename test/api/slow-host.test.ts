// A slow but healthy host: every answer within --timeout, a poll of several requests (detection,
// pages, version) longer than one. `--timeout` is per request: the pool must not give up on the
// sum (main.ts gives it --timeout + 1 s, as here).
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { createClient } from '../../src/api/client.js';
import { createPool, type SessionPool } from '../../src/api/pool.js';
import { recordRequests } from './helpers/requests.js';

const sims: Simulator[] = [];
const pools: SessionPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

const TIMEOUT_MS = 1000;
const LATENCY_MS = 400; // each answer, well within the timeout
const SESSIONS = 28; // pages of 5: six list requests a poll

async function sim(seed: number, latencyMs: number): Promise<Simulator> {
  const s = await startSimulator({ sessions: SESSIONS, seed, churn: false, dialects: ['v1'] });
  s.faults.latencyMs = latencyMs;
  sims.push(s);
  return s;
}

const connect = (s: Simulator) =>
  createClient({ target: `127.0.0.1:${s.port}`, user: 'admin', password: 'mariadb', timeoutMs: TIMEOUT_MS, pageSize: 5 });

describe('a slow host whose every answer comes within the timeout', () => {
  it('alone: its first poll and later ones answer, however long their requests take together', async () => {
    const slow = await sim(21, LATENCY_MS);
    const pool = createPool([connect(slow)], { deadlineMs: TIMEOUT_MS + 1000 });
    pools.push(pool);
    const rec = recordRequests();
    try {
      for (let i = 0; i < 2; i++) {
        const started = performance.now();
        const snap = await pool.poll();
        expect(snap.health[0].error).toBeUndefined();
        expect(snap.health[0]).toMatchObject({ status: 'ok', sessionCount: SESSIONS });
        // The proof that this poll outlasted one deadline: several requests, each ~latency.
        expect(performance.now() - started).toBeGreaterThan(TIMEOUT_MS + 1000);
      }
    } finally {
      rec.stop();
    }
    expect(rec.sent.length).toBeGreaterThanOrEqual(2 * 6);
  });

  it('with others: once it has answered, it stays up while each of its answers comes in time, and is down once silent', async () => {
    const fast = await sim(22, 0);
    const slow = await sim(23, LATENCY_MS);
    const pool = createPool([connect(fast), connect(slow)], { deadlineMs: TIMEOUT_MS + 1000 });
    pools.push(pool);
    const slowTarget = `127.0.0.1:${slow.port}`;
    const poll = async () => (await pool.poll({ patienceMs: 300 })).health[1];
    const pause = () => new Promise((r) => setTimeout(r, 100));
    // Its first poll (detection, six pages, version: 3.2 s): nothing to show until it ends, and
    // what it says while waiting is true of the moment (silent for the budget, or answering).
    let h = await poll();
    while (h.status !== 'ok') {
      expect(h.error).toMatch(/^no (answer|session list) from 127\.0\.0\.1:\d+ (within 300 ms|for \d+ s)(; it answers, slowly)? \(still waiting\)$/);
      await pause();
      h = await poll();
    }
    // Later polls are six requests (2.4 s), more than the deadline together: it stays up with its
    // last answer, and each of its polls ends and is taken.
    const started = performance.now();
    const taken = new Set<number | undefined>();
    while (performance.now() - started < 2 * 6 * LATENCY_MS) {
      h = await poll();
      expect(h.error).toBeUndefined();
      expect(h).toMatchObject({ status: 'ok', sessionCount: SESSIONS });
      taken.add(h.lastOkAt);
      await pause();
    }
    expect(taken.size).toBeGreaterThanOrEqual(2);
    // Silent: down, "no answer", within the deadline of its last answer (plus a poll's pause).
    slow.faults.hang = true;
    const silentFrom = performance.now();
    while (h.status === 'ok') {
      expect(performance.now() - silentFrom).toBeLessThan(LATENCY_MS + TIMEOUT_MS + 1000 + 1000);
      await pause();
      h = await poll();
    }
    expect(h).toMatchObject({ status: 'down', errorKind: 'timeout' });
    expect(h.error).toMatch(new RegExp(`^no answer from ${slowTarget.replace(/\./g, '\\.')} (within \\d+ ms|for \\d+ (ms|s)) \\((still waiting|each request timed out)`));
    slow.faults.hang = false;
  });
});
