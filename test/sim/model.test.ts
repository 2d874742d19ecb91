// Invariants of the live model over many steps (no HTTP needed).
import { describe, expect, it } from 'vitest';
import { RETAINED_QUERIES, SimModel, idleSeconds, type SimSession } from '../../src/sim/index.js';
import { DEFAULT_START_TIME } from '../../src/sim/index.js';

const model = (sessions = 200, seed = 5, churn = true) => new SimModel({ seed, startTime: DEFAULT_START_TIME, sessions, churn });

type Counters = Map<string, number>;

/** Every monotone counter of every live session, keyed by session/connection. */
function counters(m: SimModel): Counters {
  const out: Counters = new Map();
  for (const s of m.sessions()) {
    out.set(`${s.id}/io`, s.ioActivity);
    s.connections.forEach((c, i) => {
      out.set(`${s.id}/${i}/reads`, c.reads);
      out.set(`${s.id}/${i}/writes`, c.writes);
      out.set(`${s.id}/${i}/buffered`, c.bufferedWrites);
      out.set(`${s.id}/${i}/high`, c.highWaterEvents);
      out.set(`${s.id}/${i}/low`, c.lowWaterEvents);
    });
  }
  for (const sv of m.servers()) {
    out.set(`server/${sv.name}/total`, sv.totalConnections);
    out.set(`server/${sv.name}/routed`, sv.routedPackets);
  }
  return out;
}

describe('SimModel', () => {
  it('starts with the requested sessions, ids 1..N in connection order, from documentation ranges', () => {
    const m = model(300);
    const list = m.sessions();
    expect(list.map((s) => s.id)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    for (let i = 1; i < list.length; i++) expect(list[i].connectedAt).toBeGreaterThanOrEqual(list[i - 1].connectedAt);
    const bad = list.filter((s) => s.queries.some((q) => q.receivedAt > m.now() || q.receivedAt < s.connectedAt));
    expect(bad.map((s) => s.id)).toEqual([]);
    for (const s of list) {
      expect(s.address).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/);
      expect(s.connections.length).toBeGreaterThan(0);
      expect(s.connectedAt).toBeLessThanOrEqual(m.now());
    }
    expect(m.services().length).toBeGreaterThanOrEqual(3);
    expect(m.services().length).toBeLessThanOrEqual(5);
    expect(m.servers().map((s) => s.name)).toEqual(['db-serv-01', 'db-serv-02', 'db-serv-03', 'db-serv-04']);
  });

  it('has a long tail of idle sessions and some busy ones', () => {
    const m = model(2000);
    const idles = m.sessions().map((s) => idleSeconds(s, m.now()));
    expect(idles.filter((x) => x === 0).length).toBeGreaterThan(0);
    expect(idles.filter((x) => x > 3600).length).toBeGreaterThan(0);
    expect(idles.filter((x) => x < 60).length).toBeGreaterThan(idles.filter((x) => x > 3600).length);
  });

  it('over many steps: counters never decrease, ids only increase, closed never reappear', () => {
    const m = model(150, 9);
    let before = counters(m);
    const everSeen = new Set<number>(m.sessions().map((s) => s.id));
    const gone = new Set<number>();
    let maxId = Math.max(...everSeen);
    let arrivals = 0;
    let bursts = 0;
    const violations: string[] = [];
    for (let step = 0; step < 400; step++) {
      const lastActive = new Map(m.sessions().map((s) => [s.id, s.busyUntil] as const));
      m.step(step % 7 === 0 ? 37 : 1.5);
      const now = counters(m);
      for (const [key, value] of now) {
        const old = before.get(key);
        if (old !== undefined && value < old) violations.push(`${key} went ${old} → ${value}`);
      }
      const ids = m.sessions().map((s) => s.id);
      for (let i = 1; i < ids.length; i++) if (ids[i] <= ids[i - 1]) violations.push(`ids out of order at ${i}`);
      for (const id of ids) {
        if (gone.has(id)) violations.push(`session ${id} reappeared`);
        if (!everSeen.has(id)) {
          if (id <= maxId) violations.push(`new id ${id} not above ${maxId}`);
          maxId = id;
          everSeen.add(id);
          arrivals++;
        }
        const s = m.get(id)!;
        for (let q = 0; q < s.queries.length; q++) {
          const query = s.queries[q];
          if (query.receivedAt > m.now()) violations.push(`session ${id} query received in the future`);
          if (query.completedAt < query.receivedAt) violations.push(`session ${id} query completed before received`);
          if (q > 0 && query.receivedAt > s.queries[q - 1].receivedAt) violations.push(`session ${id} queries not newest first`);
        }
        if (s.queries.length > RETAINED_QUERIES) violations.push(`session ${id} keeps ${s.queries.length} queries`);
        const prev = lastActive.get(id);
        if (prev !== undefined && m.get(id)!.busyUntil !== prev) bursts++;
      }
      for (const id of everSeen) if (!m.get(id)) gone.add(id);
      before = now;
    }
    expect(violations).toEqual([]);
    expect(arrivals).toBeGreaterThan(0);
    expect(gone.size).toBeGreaterThan(0);
    expect(bursts).toBeGreaterThan(0);
    // Churn keeps the population in the neighbourhood of the target.
    expect(m.size).toBeGreaterThan(50);
    expect(m.size).toBeLessThan(450);
  });

  it('a burst resets idle to 0 and grows counters', () => {
    const m = model(50, 2);
    // Find some session that works within a minute and watch it.
    const watched = new Map(m.sessions().map((s) => [s.id, { busyUntil: s.busyUntil, reads: sum(s, 'reads'), writes: sum(s, 'writes') }]));
    m.step(60);
    const worked = m.sessions().filter((s) => watched.has(s.id) && s.busyUntil !== watched.get(s.id)!.busyUntil);
    expect(worked.length).toBeGreaterThan(0);
    for (const s of worked) {
      const w = watched.get(s.id)!;
      expect(sum(s, 'reads') + sum(s, 'writes')).toBeGreaterThan(w.reads + w.writes);
      expect(s.busyUntil).toBeGreaterThan(w.busyUntil);
      expect(s.queries.length).toBeGreaterThan(0);
      expect(s.queries[0].receivedAt).toBeGreaterThan(DEFAULT_START_TIME);
    }
  });

  it('churn=false keeps exactly the same session set', () => {
    const m = model(100, 4, false);
    const ids = m.sessions().map((s) => s.id);
    m.step(7200);
    expect(m.sessions().map((s) => s.id)).toEqual(ids);
  });

  it('close() removes exactly one session; ids are never reused', () => {
    const m = model(20, 1, false);
    expect(m.close(5)).toBe(true);
    expect(m.close(5)).toBe(false);
    expect(m.close(12345)).toBe(false);
    expect(m.sessions().map((s) => s.id)).toEqual([1, 2, 3, 4, ...Array.from({ length: 15 }, (_, i) => i + 6)]);
    const added = m.addSession();
    expect(added.id).toBe(21);
    m.close(added.id);
    expect(m.addSession().id).toBe(22);
  });

  it('closing one session does not change what happens to the others', () => {
    const a = model(80, 13);
    const b = model(80, 13);
    b.close(10);
    a.step(300);
    b.step(300);
    for (const s of b.sessions()) {
      if (s.id > 80) continue; // arrivals are shared by both; compare the initial population
      const t = a.get(s.id)!;
      expect(t, `session ${s.id}`).toBeDefined();
      expect(s.busyUntil).toBe(t.busyUntil);
      expect(s.connections).toEqual(t.connections);
    }
  });

  it('scheduleClose closes after the ttl of simulated time', () => {
    const m = model(10, 1, false);
    expect(m.scheduleClose(3, 5)).toBe(true);
    m.step(4.999);
    expect(m.get(3)).toBeDefined();
    m.step(0.001);
    expect(m.get(3)).toBeUndefined();
    expect(m.scheduleClose(3, 5)).toBe(false);
    expect(m.scheduleClose(4, 0)).toBe(true);
    expect(m.get(4)).toBeUndefined();
  });

  it('step rejects negative and non-finite durations', () => {
    const m = model(1);
    expect(() => m.step(-1)).toThrow(/seconds/);
    expect(() => m.step(Number.NaN)).toThrow(/seconds/);
    expect(() => m.step(Infinity)).toThrow(/seconds/);
  });

  it('server statistics count exactly the live connections', () => {
    const m = model(300, 21);
    m.step(120);
    for (const sv of m.servers()) {
      const st = m.serverStatistics(sv.name)!;
      const live = m.sessions().reduce((n, s) => n + s.connections.filter((c) => c.server === sv.name).length, 0);
      expect(st.connections).toBe(live);
      expect(st.maxConnections).toBeGreaterThanOrEqual(live);
      expect(st.totalConnections).toBeGreaterThanOrEqual(live);
    }
    expect(m.serverStatistics('nope')).toBeUndefined();
  });

  it('handles 100,000 sessions', () => {
    const m = model(100_000, 1, false);
    expect(m.size).toBe(100_000);
    expect(m.sessions()[99_999].id).toBe(100_000);
    m.step(1);
  });
});

function sum(s: SimSession, key: 'reads' | 'writes'): number {
  return s.connections.reduce((n, c) => n + c[key], 0);
}
