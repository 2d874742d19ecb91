import { describe, expect, it } from 'vitest';
import { aliveAt, idleAt, idleSinceMs, sessionAsOf } from '../../src/core/session-time.js';
import { sortSessions } from '../../src/core/sort.js';
import { applyView } from '../../src/core/view.js';
import { makeSession } from './helpers/sessions.js';

describe('session times', () => {
  const s = makeSession({ id: 1, idle: 12.3, secondsAlive: 100.25, polledAt: 10_000 });

  it('idle time and age as of any moment, never less than at the poll', () => {
    expect(idleAt(s, 12_500)).toBeCloseTo(14.8, 9);
    expect(aliveAt(s, 12_500)).toBeCloseTo(102.75, 9);
    expect(idleAt(s, 9_000)).toBe(12.3);
    expect(idleAt({ ...s, idle: null }, 12_500)).toBeNull();
    expect(aliveAt(makeSession({ id: 2 }), 12_500)).toBeUndefined();
    expect(idleSinceMs(s)).toBeCloseTo(-2_300, 6);
  });

  it('sessionAsOf: idle to 0.1 s and age to 1 ms at the given time; the same object when nothing moved', () => {
    expect(sessionAsOf(s, 10_000)).toBe(s);
    const later = sessionAsOf(s, 10_004);
    expect(later).toMatchObject({ idle: 12.3, secondsAlive: 100.254, polledAt: 10_004 });
    expect(sessionAsOf(s, 13_060)).toMatchObject({ idle: 15.4, polledAt: 13_060 });
    expect(s.idle).toBe(12.3);
  });

  it('sorts and filters sessions read at different polls as of one moment', () => {
    // a: 150 s idle, read at 0; c: 200 s idle, read at 90 s. At 90 s a has been idle 240 s.
    const a = makeSession({ id: 1, idle: 150, polledAt: 0 });
    const c = makeSession({ id: 3, idle: 200, polledAt: 90_000 });
    expect(sortSessions([c, a], 'idle', true).map((x) => x.id)).toEqual([1, 3]);
    expect(sortSessions([c, a], 'idle', false).map((x) => x.id)).toEqual([3, 1]);
    // Minimum idle 250 s: at 90 s only d (230 s at 0, so 320 s); at 150 s c too (260 s).
    const d = makeSession({ id: 4, idle: 230, polledAt: 0 });
    expect(applyView([c, d], { sort: 'idle', descending: true, minIdle: 250, at: 90_000 }).map((x) => x.id)).toEqual([4]);
    expect(applyView([c, d], { sort: 'idle', descending: true, minIdle: 250, at: 150_000 }).map((x) => x.id)).toEqual([4, 3]);
  });
});
