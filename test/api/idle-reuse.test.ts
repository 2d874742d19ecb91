// An idle session's idle time grows from poll to poll; the client keeps the earlier reading (and
// the session object) while the new one tells the same moment the session went idle. Checked
// here against a session's true history on one clock, poll by poll, with answers that take time
// to arrive: what the screen shows from a kept reading is never off by more than the wire's own
// resolution plus the answer's latency, and a session that did anything is read again.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TENTHS_TOLERANCE_MS, WHOLE_SECONDS_TOLERANCE_MS } from '../../src/api/parse-common.js';
import { readSeedPage } from '../../src/api/parse-seed.js';
import { readV1Page } from '../../src/api/parse-v1.js';
import { SessionMemo } from '../../src/api/session-memo.js';
import { Fields } from '../../src/api/validate.js';
import type { Session } from '../../src/core/model.js';
import { aliveAt, idleAt } from '../../src/core/session-time.js';

const T = '127.0.0.1:8989';
const CONNECTED_MS = 1_000_000;

interface Reading {
  /** Idle and age in seconds as the server sends them. */
  idle: number;
  alive: number;
  user?: string;
}

/** One list answer with one session, in each dialect. */
const answers = {
  seed: (r: Reading) => [
    { id: 1, state: 'Session started', user: r.user ?? 'app', address: '10.0.0.1', service: '/services/rw', connected: 'Wed Aug 31 03:03:12 2016', idle: r.idle },
  ],
  v1: (r: Reading) => ({
    data: [
      {
        id: '1',
        type: 'sessions',
        attributes: { state: 'Session started', user: r.user ?? 'app', remote: '10.0.0.1', connected: 'Wed, 31 Aug 2016 03:03:12 GMT', idle: r.idle, seconds_alive: r.alive },
      },
    ],
  }),
};
const readers = { seed: readSeedPage, v1: readV1Page };

/** A client's list memo fed answers by hand: each read at a given arrival time. */
function client(dialect: 'seed' | 'v1') {
  const memo = new SessionMemo();
  return (r: Reading, arrivedAt: number): Session => {
    memo.begin();
    const into: Session[] = [];
    readers[dialect](new Fields(T, 200, arrivedAt), answers[dialect](r), memo, into);
    memo.finish();
    return into[0];
  };
}

describe.each([{ dialect: 'seed' as const }, { dialect: 'v1' as const }])('$dialect: idle readings kept across polls', ({ dialect }) => {
  const t0 = 50_000_000;

  it('keeps the same object while the session stays idle, and shows its idle time growing', () => {
    const read = client(dialect);
    const first = read({ idle: 100, alive: 500 }, t0);
    const second = read({ idle: 101, alive: 501 }, t0 + 1000);
    const third = read({ idle: 105, alive: 505 }, t0 + 5000);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(idleAt(third, t0 + 5000)).toBe(105);
  });

  it('reads a session again once it has done something', () => {
    const read = client(dialect);
    const first = read({ idle: 100, alive: 500 }, t0);
    const after = read({ idle: 0.5, alive: 501 }, t0 + 1000);
    expect(after).not.toBe(first);
    expect(after).toMatchObject({ idle: 0.5, polledAt: t0 + 1000 });
    // Idle since: a reading that is kept from now on.
    const settled = read({ idle: 3.5, alive: 504 }, t0 + 4000);
    expect(read({ idle: 4.5, alive: 505 }, t0 + 5000)).toBe(settled);
    expect(idleAt(settled, t0 + 5000)).toBeCloseTo(4.5, 6);
  });

  it('reads a busy session (idle 0, then 0 again) afresh each poll: it shows 0, not the time since', () => {
    const read = client(dialect);
    const first = read({ idle: 0, alive: 500 }, t0);
    const second = read({ idle: 0, alive: 501 }, t0 + 1000);
    expect(second).not.toBe(first);
    expect(idleAt(second, t0 + 1000)).toBe(0);
  });

  it('does not keep a reading whose moment moved by more than the tolerance either way', () => {
    // Whole seconds on both readings: up to 1.25 s; tenths: 0.35 s.
    for (const [step, tolerance] of [[1, WHOLE_SECONDS_TOLERANCE_MS], [0.1, TENTHS_TOLERANCE_MS]] as const) {
      const read = client(dialect);
      const over = Math.ceil((tolerance + 1) / 1000 / step) * step;
      const within = Math.floor(tolerance / 1000 / step) * step;
      let at = t0;
      let s = read({ idle: 100, alive: 500 }, at);
      for (const [drift, kept] of [[within, true], [-within, true], [over, false], [-over, false]] as const) {
        at += 10_000;
        const idle = s.idle! + (at - s.polledAt) / 1000 - drift;
        const next = read({ idle: Math.round(idle / step) * step, alive: 500 + (at - t0) / 1000 }, at);
        expect(next === s).toBe(kept);
        s = next;
      }
    }
  });

  it('keeps the kept reading and its time together when another field changes', () => {
    const read = client(dialect);
    read({ idle: 100, alive: 500 }, t0);
    // A new user at the next poll: a new object, its idle reading still the first one.
    const renamed = read({ idle: 101, alive: 501, user: 'other' }, t0 + 1000);
    expect(renamed).toMatchObject({ user: 'other', idle: 100, polledAt: t0 });
    expect(idleAt(renamed, t0 + 1000)).toBe(101);
  });

  // A session's real history: it connects at CONNECTED_MS and is active at some moments; polls
  // come at random gaps, each answer computed by the server at the poll and arriving `latency`
  // later. The wire idle time is cut to the resolution the dialect sends (whole seconds for the
  // seed design's documented examples, tenths for MaxScale).
  it('never shows an idle time off by more than the resolution plus the latency, whatever the history', () => {
    const resolution = dialect === 'seed' ? 1 : 0.1;
    const maxLatency = 60;
    const poll = fc.record({ gap: fc.integer({ min: 50, max: 4000 }), latency: fc.integer({ min: 0, max: maxLatency }), active: fc.boolean(), activeAgo: fc.integer({ min: 0, max: 3000 }) });
    fc.assert(
      fc.property(fc.array(poll, { minLength: 2, maxLength: 25 }), (polls) => {
        const read = client(dialect);
        let now = CONNECTED_MS + 5000;
        let lastActive = CONNECTED_MS;
        for (const p of polls) {
          const before = now;
          now += p.gap;
          // Some activity since the last poll (never before it, never after this one).
          if (p.active) lastActive = Math.max(lastActive, before + 1, now - p.activeAgo);
          const cut = (ms: number) => Math.floor(ms / 1000 / resolution) * resolution;
          const arrivedAt = now + p.latency;
          const s = read({ idle: cut(now - lastActive), alive: (now - CONNECTED_MS) / 1000 }, arrivedAt);
          const trueIdle = (arrivedAt - lastActive) / 1000;
          const shown = idleAt(s, arrivedAt)!;
          expect(shown).toBeLessThanOrEqual(trueIdle + 1e-6);
          expect(shown).toBeGreaterThanOrEqual(trueIdle - resolution - maxLatency / 1000 - 1e-6);
          if (dialect === 'v1') {
            const trueAlive = (arrivedAt - CONNECTED_MS) / 1000;
            expect(Math.abs(aliveAt(s, arrivedAt)! - trueAlive)).toBeLessThanOrEqual(maxLatency / 1000 + 1e-6);
          }
          // A session idle for less than the tolerance is always this poll's reading.
          if (now - lastActive < TENTHS_TOLERANCE_MS) expect(s.polledAt).toBe(arrivedAt);
        }
      }),
      { numRuns: 300 },
    );
  });
});
