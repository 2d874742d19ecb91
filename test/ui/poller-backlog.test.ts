// The detail pane's reads are asked for after every poll. On a host slower than the interval they
// must not pile up on its one connection: the next list poll and a close would wait behind them.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { createClient } from '../../src/api/client.js';
import { createPool, type SessionPool } from '../../src/api/pool.js';
import type { SessionsClient } from '../../src/api/types.js';
import { createStore } from '../../src/ui/store.js';
import { initialState } from '../../src/ui/state.js';
import { createPoller, type Poller } from '../../src/ui/poller.js';
import { systemClock } from '../../src/ui/clock.js';

const sims: Simulator[] = [];
let pool: SessionPool | null = null;
let poller: Poller | null = null;
afterEach(async () => {
  poller?.stop();
  await pool?.close();
  await Promise.all(sims.splice(0).map((s) => s.close()));
  pool = null;
  poller = null;
});

const LATENCY_MS = 1200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A client that counts its requests still waiting for an answer, and the most at once. */
function counting(inner: SessionsClient): SessionsClient & { most: () => number } {
  let open = 0;
  let most = 0;
  const track = <T>(p: Promise<T>): Promise<T> => {
    most = Math.max(most, ++open);
    return p.finally(() => open--);
  };
  return {
    ...inner,
    listSessions: () => track(inner.listSessions()),
    getSession: (id) => track(inner.getSession(id)),
    getConnections: (id) => track(inner.getConnections(id)),
    getServers: () => track(inner.getServers()),
    most: () => most,
  };
}

describe('the detail pane open on a host slower than the interval', () => {
  it('keeps one detail read and one server read at a time, so requests do not pile up on its connection', async () => {
    const fast = await startSimulator({ sessions: 4, seed: 1, churn: false, dialects: ['v1'] });
    const slow = await startSimulator({ sessions: 4, seed: 2, churn: false, dialects: ['v1'] });
    sims.push(fast, slow);
    const client = (s: Simulator) => createClient({ target: `127.0.0.1:${s.port}`, user: 'admin', password: 'mariadb', dialect: 'v1', timeoutMs: 10_000 });
    const slowClient = counting(client(slow));
    pool = createPool([client(fast), slowClient]);
    const store = createStore(initialState({ sort: 'idle', descending: true, intervalSec: 1, readOnly: false, columns: 120, rows: 40, now: Date.now() }));
    poller = createPoller(pool, store, systemClock);
    poller.start();
    while (!store.getState().visible.some((s) => s.target === slowClient.target)) await sleep(20);
    // Each answer now takes LATENCY_MS: a poll's list, detail and server reads take longer than the
    // 1-s interval, and the fast host keeps polls coming every second.
    slow.faults.latencyMs = LATENCY_MS;
    for (let i = 0; i < 8 && store.getState().visible[store.getState().cursor].target !== slowClient.target; i++) store.dispatch({ type: 'move', to: 'down' });
    store.dispatch({ type: 'openDetail' });
    expect(store.getState().detail?.listed.target).toBe(slowClient.target);
    poller.fetchDetail();
    await sleep(7000);
    // A list, a detail read and a server read: never more (asked for after every poll: ~7 × 2).
    expect(slowClient.most(), `requests waiting at most: ${slowClient.most()}`).toBeLessThanOrEqual(3);
    expect(store.getState().detail?.session?.target).toBe(slowClient.target);
    // A close's re-read now waits for at most those three, not for a queue built up over minutes.
    const started = performance.now();
    await slowClient.getSession(store.getState().detail!.listed.id);
    expect(performance.now() - started).toBeLessThan(5 * LATENCY_MS);
  }, 20_000);
});
