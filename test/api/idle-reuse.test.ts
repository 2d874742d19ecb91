// An idle session's idle time grows from poll to poll; the client keeps the earlier reading (and
// the session object) while the new one tells the same moment the session went idle. Checked
// here against a session's true history on one clock, poll by poll, with answers that take time
// to arrive: what the screen shows is never off by more than the wire's own resolution plus the
// answer's time, never goes back for a session that stayed idle, and a session that did
// anything is read again.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { READING_SLACK_MS } from '../../src/api/parse-common.js';
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

/** A client's list memo fed answers by hand: each read at a given arrival time, its request sent `window` ms before. */
function client(dialect: 'seed' | 'v1') {
  const memo = new SessionMemo();
  return (r: Reading, arrivedAt: number, window = 0): Session => {
    memo.begin();
    const into: Session[] = [];
    readers[dialect](new Fields(T, 200, arrivedAt, window), answers[dialect](r), memo, into);
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

  it('keeps a reading only while the new one overlaps it, and takes a clearly earlier moment', () => {
    // Moment drift of the new reading (ms, + = later), the kept answer's time and the new one's
    // (ms), and whether the reading is kept. Tenths of a second: ±150 ms with instant answers.
    const cases: Array<[number, number, number, boolean]> = [
      [100, 0, 0, true],
      [-100, 0, 0, true],
      [200, 0, 0, false], // later than the readings can explain: the session did something
      [-200, 0, 0, false], // earlier than they can explain either
      [-200, 300, 0, true], // the kept answer was slow: consistent, and not enough earlier to replace it
      [-300, 400, 0, false], // consistent, and clearly earlier: it replaces the kept one
      [1_500, 0, 1_600, true], // a slow answer looks 1.5 s younger: the same moment
      [1_800, 0, 1_600, false],
    ];
    for (const [drift, firstWindow, window, kept] of cases) {
      const read = client(dialect);
      const first = read({ idle: 100.5, alive: 500.5 }, t0, firstWindow);
      const at = t0 + 10_000;
      const next = read({ idle: 110.5 - drift / 1000, alive: 510.5 - drift / 1000 }, at, window);
      expect([drift, firstWindow, window, next === first]).toEqual([drift, firstWindow, window, kept]);
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
  // come at random gaps, each request leaving `sent` ms before the server measures and its answer
  // arriving `latency` ms after. The wire idle time is cut to the resolution the dialect sends
  // (whole seconds for the seed design's documented examples, tenths for MaxScale).
  it('never shows an idle time off by more than the resolution plus the answer time, nor going back while idle, whatever the history', () => {
    const resolution = dialect === 'seed' ? 1 : 0.1;
    const maxTime = 2000;
    const poll = fc.record({
      gap: fc.integer({ min: 50, max: 4000 }),
      sent: fc.integer({ min: 0, max: 40 }),
      latency: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: maxTime })),
      active: fc.boolean(),
      activeAgo: fc.integer({ min: 0, max: 3000 }),
    });
    fc.assert(
      fc.property(fc.array(poll, { minLength: 2, maxLength: 25 }), (polls) => {
        const read = client(dialect);
        let now = CONNECTED_MS + 5000;
        let lastActive = CONNECTED_MS;
        let lastShown: { idle: number; reading: number; readAt: number } | null = null;
        let arrived = now;
        // Each answer's time, by its arrival: a kept reading is as uncertain as its own answer.
        const windows = new Map<number, number>();
        for (const p of polls) {
          const before = now;
          // A poll's request leaves after the last answer arrived.
          now = Math.max(now + p.gap, arrived + p.sent);
          // Some activity since the last poll (never before it, never after this one).
          const active = p.active && now - p.activeAgo > before;
          if (active) lastActive = now - p.activeAgo;
          const cut = (ms: number) => Math.floor(ms / 1000 / resolution) * resolution;
          const arrivedAt = now + p.latency;
          arrived = arrivedAt;
          const window = p.sent + p.latency;
          windows.set(arrivedAt, Math.max(window, windows.get(arrivedAt) ?? 0));
          const s = read({ idle: cut(now - lastActive), alive: (now - CONNECTED_MS) / 1000 }, arrivedAt, window);
          const uncertainty = Math.max(window, windows.get(s.polledAt)!) / 1000;
          const trueIdle = (arrivedAt - lastActive) / 1000;
          const shown = idleAt(s, arrivedAt)!;
          const slack = READING_SLACK_MS / 1000;
          expect(shown).toBeLessThanOrEqual(trueIdle + 1e-6);
          expect(shown).toBeGreaterThanOrEqual(trueIdle - resolution - uncertainty - slack - 1e-6);
          if (dialect === 'v1') {
            const trueAlive = (arrivedAt - CONNECTED_MS) / 1000;
            expect(aliveAt(s, arrivedAt)!).toBeLessThanOrEqual(trueAlive + 1e-6);
            expect(aliveAt(s, arrivedAt)!).toBeGreaterThanOrEqual(trueAlive - uncertainty - slack - 1e-6);
          }
          // Idle all along since the last poll: the time shown never goes back, but for a reading
          // shorter than its own uncertainty, which is always replaced (it could not tell a busy
          // session from an idle one): by at most the new reading's resolution.
          if (!active && lastShown !== null) {
            const uncertain = lastShown.reading * 1000 < windows.get(lastShown.readAt)! + resolution * 1000 + READING_SLACK_MS;
            expect(shown).toBeGreaterThanOrEqual(lastShown.idle - (uncertain ? resolution + slack : 0) - 1e-6);
          }
          lastShown = { idle: shown, reading: s.idle!, readAt: s.polledAt };
          // A busy session (idle less than a reading's uncertainty) is always this poll's reading.
          if (now - lastActive < 100) expect(s.polledAt).toBe(arrivedAt);
        }
      }),
      { numRuns: 400, examples: [[[{ gap: 50, sent: 0, latency: 55, active: false, activeAgo: 0 }, { gap: 50, sent: 0, latency: 0, active: false, activeAgo: 0 }]]] },
    );
  });
});
