// Several targets polled together: per-target health; a dead or stuck target never hides the
// others nor holds the snapshot past the deadline.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { createClient } from '../../src/api/client.js';
import { createPool, type SessionPool } from '../../src/api/pool.js';
import { recordRequests, sessionRequests } from './helpers/requests.js';
import { closedPort, json, startTinyServer, type TinyServer } from './helpers/tiny-server.js';
import type { TargetHealth } from '../../src/core/model.js';

const sims: Simulator[] = [];
const tiny: TinyServer[] = [];
const pools: SessionPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  await Promise.all(tiny.splice(0).map((s) => s.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

const connect = (target: string, timeoutMs = 10_000) => createClient({ target, user: 'admin', password: 'mariadb', timeoutMs });

describe('session pool', () => {
  it('merges targets of both dialects; a closed port and a stuck server are down, the others answer', async () => {
    const a = await startSimulator({ sessions: 12, seed: 1, dialects: ['v1'], churn: false });
    const b = await startSimulator({ sessions: 5, seed: 2, dialects: ['seed'], churn: false });
    sims.push(a, b);
    const stuck = await startTinyServer(() => undefined); // accepts, never answers
    tiny.push(stuck);
    const dead = `127.0.0.1:${await closedPort()}`;
    const targets = [`127.0.0.1:${a.port}`, dead, stuck.target, `127.0.0.1:${b.port}`];
    // The stuck target's own timeout is far beyond the pool deadline: only the deadline can end the wait.
    const pool = createPool(targets.map((t) => connect(t, 60_000)), { deadlineMs: 3000 });
    pools.push(pool);

    const snap = await pool.poll();
    expect(snap.sessions).toHaveLength(17);
    expect(new Set(snap.sessions.map((s) => s.target))).toEqual(new Set([targets[0], targets[3]]));
    expect(new Set(snap.sessions.map((s) => s.key)).size).toBe(17);
    const [hA, hDead, hStuck, hB] = snap.health;
    expect(hA).toMatchObject({ target: targets[0], status: 'ok', dialect: 'v1', sessionCount: 12 });
    expect(hB).toMatchObject({ target: targets[3], status: 'ok', dialect: 'seed', sessionCount: 5 });
    expect(typeof hA.latencyMs).toBe('number');
    expect(typeof hA.lastOkAt).toBe('number');
    expect(hDead).toMatchObject({ target: dead, status: 'down' });
    expect(hDead.error).toContain('connection refused');
    expect(hStuck).toMatchObject({ target: stuck.target, status: 'down' });
    expect(hStuck.error).toBe(`no answer from ${stuck.target} within 3000 ms (still waiting)`);
    expect(pool.health()).toEqual(snap.health);
    expect(pool.clientFor(targets[3])?.target).toBe(targets[3]);
    expect(pool.clientFor('nowhere:1')).toBeUndefined();
  });

  it('a target that goes down and comes back keeps its last success and recovers', async () => {
    const a = await startSimulator({ sessions: 3, seed: 4, churn: false });
    sims.push(a);
    const pool = createPool([connect(`127.0.0.1:${a.port}`)]);
    pools.push(pool);
    const first = await pool.poll();
    expect(first.health[0].status).toBe('ok');
    await a.stop();
    const down = await pool.poll();
    expect(down.sessions).toEqual([]);
    expect(down.health[0]).toMatchObject({ status: 'down', dialect: 'v1', lastOkAt: first.health[0].lastOkAt });
    expect(down.health[0].error).toContain('cannot reach');
    await a.restart();
    const back = await pool.poll();
    expect(back.health[0]).toMatchObject({ status: 'ok', sessionCount: 3 });
    expect(back.health[0].error).toBeUndefined();
  });

  it('overlapping polls share the running request per target', async () => {
    const a = await startSimulator({ sessions: 3, seed: 5, churn: false, dialects: ['v1'] });
    sims.push(a);
    const client = createClient({ target: `127.0.0.1:${a.port}`, user: 'admin', password: 'mariadb', dialect: 'v1' });
    const pool = createPool([client]);
    pools.push(pool);
    a.faults.latencyMs = 50;
    const rec = recordRequests();
    try {
      const [x, y] = await Promise.all([pool.poll(), pool.poll()]);
      expect(x.sessions.map((s) => s.id)).toEqual(y.sessions.map((s) => s.id));
    } finally {
      rec.stop();
    }
    expect(sessionRequests(rec.sent).filter((r) => r.origin.endsWith(`:${a.port}`))).toHaveLength(1);
  });

  it('with patience, a stuck target holds the others back once, for the patience only, then not at all', async () => {
    const a = await startSimulator({ sessions: 4, seed: 6, churn: false, dialects: ['v1'] });
    sims.push(a);
    let asked = 0;
    const stuck = await startTinyServer(() => void asked++);
    tiny.push(stuck);
    // Deadline and request timeout far beyond the test's own 5 s timeout: only patience can end these polls.
    const pool = createPool([connect(`127.0.0.1:${a.port}`, 60_000), connect(stuck.target, 60_000)], { deadlineMs: 60_000 });
    pools.push(pool);
    const first = await pool.poll({ patienceMs: 200 });
    expect(first.health[0]).toMatchObject({ status: 'ok', sessionCount: 4 });
    expect(first.health[1]).toMatchObject({ status: 'down', errorKind: 'timeout' });
    expect(first.health[1].error).toBe(`no answer from ${stuck.target} within 200 ms (still waiting)`);
    // The next polls do not wait for the request the first one left running: the live target's
    // changes show at once, every time.
    for (let i = 0; i < 3; i++) {
      a.model.addSession();
      const next = await pool.poll({ patienceMs: 200 });
      expect(next.health[0]).toMatchObject({ status: 'ok', sessionCount: 5 + i });
      expect(next.health[1].status).toBe('down');
    }
    expect(asked).toBe(1);
  });

  it('a stuck target’s "no answer for N s" counts from when it went quiet, across its own request timeouts', async () => {
    const a = await startSimulator({ sessions: 2, seed: 10, churn: false, dialects: ['v1'] });
    const b = await startSimulator({ sessions: 3, seed: 11, churn: false, dialects: ['v1'] });
    sims.push(a, b);
    const target = `127.0.0.1:${b.port}`;
    // Each request to b times out after 300 ms, and the next poll asks again.
    const pool = createPool([connect(`127.0.0.1:${a.port}`), connect(target, 300)], { deadlineMs: 10_000 });
    pools.push(pool);
    const pollFor = async (ms: number, until: (h: TargetHealth) => boolean = () => false) => {
      const started = performance.now();
      let h = (await pool.poll({ patienceMs: 100 })).health[1];
      while (performance.now() - started < ms && !until(h)) {
        await new Promise((r) => setTimeout(r, 150));
        h = (await pool.poll({ patienceMs: 100 })).health[1];
      }
      return h;
    };
    b.faults.hang = true;
    const stalled = await pollFor(2600);
    expect(stalled.error).toMatch(new RegExp(`^no answer from ${target.replace(/\./g, '\\.')} for [2-9] s \\(still waiting\\)$`));
    // An answer ends the silence: a new stall counts from zero.
    b.faults.hang = false;
    expect((await pollFor(3000, (h) => h.status === 'ok')).status).toBe('ok');
    b.faults.hang = true;
    // (Up with its last answer for twice its last latency if that is longer than the patience: a loaded machine.)
    expect((await pollFor(2000, (h) => h.status === 'down')).error).toMatch(new RegExp(`^no answer from ${target.replace(/\./g, '\\.')} within \\d+ ms \\(still waiting\\)$`));
  });

  it('a host whose every request times out says for how long it has been silent, not just "timeout"', async () => {
    const b = await startSimulator({ sessions: 3, seed: 12, churn: false, dialects: ['v1'] });
    sims.push(b);
    const target = `127.0.0.1:${b.port}`;
    const pool = createPool([connect(target, 300)], { deadlineMs: 10_000 });
    pools.push(pool);
    expect((await pool.poll()).health[0].status).toBe('ok');
    b.faults.hang = true;
    const started = performance.now();
    let h = (await pool.poll()).health[0];
    expect(h.error).toMatch(new RegExp(`^no answer from ${target.replace(/\./g, '\\.')} for \\d{3} ms \\(each request timed out\\); is it overloaded or behind a firewall\\?$`));
    while (performance.now() - started < 2600) h = (await pool.poll()).health[0];
    expect(h).toMatchObject({ status: 'down', errorKind: 'timeout' });
    expect(h.error).toMatch(/ for [2-9] s \(each request timed out\)/);
  });

  it('with patience, a slow host does not hold the others back: its last answer stands, for twice its usual time, until its next one comes', async () => {
    const fast = await startSimulator({ sessions: 2, seed: 13, churn: false, dialects: ['v1'] });
    const slow = await startSimulator({ sessions: 3, seed: 14, churn: false, dialects: ['v1'] });
    sims.push(fast, slow);
    const slowTarget = `127.0.0.1:${slow.port}`;
    const pool = createPool([connect(`127.0.0.1:${fast.port}`), connect(slowTarget)], { deadlineMs: 10_000 });
    pools.push(pool);
    const rec = recordRequests();
    try {
      slow.faults.latencyMs = 1500;
      await pool.poll(); // both answer: the slow one's last answer and its usual time are known
      const slowAsked = () => sessionRequests(rec.sent).filter((r) => r.origin.endsWith(`:${slow.port}`)).length;
      const asked = slowAsked();
      const before = slow.model.sessions().map((s) => s.id);
      slow.model.addSession();
      // Polls that each wait for the patience only: the fast host's changes show at every one,
      // while the slow host stays up with the sessions of its last answer.
      for (let i = 0; i < 3; i++) {
        fast.model.addSession();
        const snap = await pool.poll({ patienceMs: 100 });
        expect(snap.health.map((h) => h.status)).toEqual(['ok', 'ok']);
        expect(snap.sessions.filter((s) => s.target !== slowTarget)).toHaveLength(3 + i);
        expect(snap.sessions.filter((s) => s.target === slowTarget).map((s) => s.id)).toEqual(before);
      }
      // One request to the slow host was left running, not one per poll…
      expect(slowAsked() - asked).toBe(1);
      // …and its answer, when it comes, is the next poll's without asking again.
      await new Promise((r) => setTimeout(r, 1700));
      const later = await pool.poll({ patienceMs: 100 });
      expect(later.sessions.filter((s) => s.target === slowTarget)).toHaveLength(4);
      expect(slowAsked() - asked).toBe(1);
      // A host silent for longer than twice its usual time is down, its request still running.
      slow.faults.hang = true;
      const silent = async () => {
        for (;;) {
          const h = (await pool.poll({ patienceMs: 100 })).health[1];
          if (h.status === 'down') return h;
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      expect((await silent()).error).toMatch(/^no answer from .* within \d+ ms \(still waiting\)$/);
    } finally {
      rec.stop();
    }
  });

  it('pairs each target\'s sessions with its health at the same moment, whatever arrives while others are waited for', async () => {
    const seedList = (ids: number[]) => ids.map((id) => ({ id, state: 'Session started', user: 'u', address: '192.0.2.4', service: 'RW', connected: 'Fri Jan  5 07:24:06 2024', idle: 5 }));
    let aLists = 0;
    let bLists = 0;
    // A: its first answer takes 1000 ms (its usual time); the next fails after 700 ms.
    const a = await startTinyServer((_req, res) => {
      if (aLists++ === 0) setTimeout(() => json(res, 200, seedList([1, 2, 3])), 1000);
      else setTimeout(() => json(res, 500, { error: 'busy' }), 700);
    });
    // B: fast twice, then 300 ms.
    const b = await startTinyServer((_req, res) => void setTimeout(() => json(res, 200, seedList([7])), bLists++ < 2 ? 50 : 300));
    tiny.push(a, b);
    const seed = (target: string) => createClient({ target, user: 'admin', password: 'mariadb', dialect: 'seed', timeoutMs: 10_000 });
    const pool = createPool([seed(a.target), seed(b.target)], { deadlineMs: 10_000 });
    pools.push(pool);
    const consistent = (snap: Awaited<ReturnType<typeof pool.poll>>) => {
      const withSessions = new Set(snap.sessions.map((x) => x.target));
      for (const h of snap.health) expect(h.status === 'ok', h.target).toBe(withSessions.has(h.target));
    };
    await pool.poll();
    // A's second request is left to run after 100 ms: A is up with its last answer.
    consistent(await pool.poll({ patienceMs: 100 }));
    await new Promise((r) => setTimeout(r, 500));
    // At once up again with its last answer; while B is waited for, A's request fails: the
    // snapshot says what was decided for A, not A's sessions with its later health.
    const snap = await pool.poll({ patienceMs: 400 });
    consistent(snap);
    expect(snap.health.map((h) => h.status)).toEqual(['ok', 'ok']);
    // The next poll tells of the failure.
    const next = await pool.poll({ patienceMs: 400 });
    consistent(next);
    expect(next.health[0].status).toBe('down');
  });

  it('with one target, patience does not apply: the poll waits for it', async () => {
    const a = await startSimulator({ sessions: 2, seed: 9, churn: false, dialects: ['v1'] });
    sims.push(a);
    const pool = createPool([connect(`127.0.0.1:${a.port}`)]);
    pools.push(pool);
    a.faults.latencyMs = 300;
    const snap = await pool.poll({ patienceMs: 50 });
    expect(snap.health[0].status).toBe('ok');
  });
});
