import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultDescending, parseSortColumn, SORT_COLUMNS, sortKey, sortSessions } from '../../src/core/sort.js';
import type { Session } from '../../src/core/model.js';
import { makeSession } from './helpers/sessions.js';

const arbSession = fc
  .record({
    id: fc.integer({ min: 1, max: 50 }),
    target: fc.constantFrom('a:8989', 'b:8989'),
    user: fc.option(fc.constantFrom('app', 'App', 'bob', 'zed', ''), { nil: null }),
    idle: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    backends: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
    memory: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    connectedMs: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  })
  .map((r) =>
    makeSession({
      id: r.id,
      target: r.target,
      user: r.user,
      idle: r.idle,
      backends: r.backends,
      memory: r.memory,
      connected: r.connectedMs === null ? null : new Date(r.connectedMs * 1000),
    }),
  );
// Unique keys, as in a real poll.
const arbSessions = fc.uniqueArray(arbSession, { selector: (s) => s.key, maxLength: 40 });

// The straightforward definition: keys compared as strings/numbers, nulls last, then target, id.
function reference(list: readonly Session[], col: (typeof SORT_COLUMNS)[number], desc: boolean): string[] {
  return [...list]
    .sort((x, y) => {
      const a = sortKey(x, col);
      const b = sortKey(y, col);
      const an = a === null || (typeof a === 'number' && Number.isNaN(a));
      const bn = b === null || (typeof b === 'number' && Number.isNaN(b));
      if (an !== bn) return an ? 1 : -1;
      if (!an && a !== b) return (a! < b! ? -1 : 1) * (desc ? -1 : 1);
      if (x.target !== y.target) return x.target < y.target ? -1 : 1;
      return x.id - y.id;
    })
    .map((s) => s.key);
}

describe('parseSortColumn / defaultDescending', () => {
  it('accepts names and header titles, case-insensitively', () => {
    expect(parseSortColumn('IDLE')).toBe('idle');
    expect(parseSortColumn('I/O')).toBe('io');
    expect(parseSortColumn('Client')).toBe('client');
    expect(parseSortColumn('target')).toBe('host');
    expect(parseSortColumn('nope')).toBeNull();
  });
  it('sorts quantities descending by default', () => {
    expect(SORT_COLUMNS.filter(defaultDescending)).toEqual(['connected', 'idle', 'backends', 'memory', 'io']);
  });
});

describe('sortSessions', () => {
  it('sorts idle longest first, nulls last, ties by target then id', () => {
    // One poll time for all: idle is a moment (polledAt − idle), and sessions made a millisecond
    // apart would not tie.
    const polledAt = Date.now();
    const list = [
      makeSession({ id: 3, idle: 5, polledAt }),
      makeSession({ id: 1, idle: null, polledAt }),
      makeSession({ id: 2, idle: 50, polledAt }),
      makeSession({ id: 4, idle: 5, target: '0:1', polledAt }),
    ];
    expect(sortSessions(list, 'idle', true).map((s) => s.id)).toEqual([2, 4, 3, 1]);
    expect(sortSessions(list, 'idle', false).map((s) => s.id)).toEqual([4, 3, 2, 1]);
  });
  it('sorts connected by age: oldest first when descending', () => {
    const list = [
      makeSession({ id: 1, connected: new Date(2000) }),
      makeSession({ id: 2, connected: new Date(1000) }),
    ];
    expect(sortSessions(list, 'connected', true).map((s) => s.id)).toEqual([2, 1]);
  });
  it('does not modify its input', () => {
    const list = [makeSession({ id: 2 }), makeSession({ id: 1 })];
    sortSessions(list, 'id', false);
    expect(list.map((s) => s.id)).toEqual([2, 1]);
  });
  it('property: a total order independent of input order, nulls last both ways', () => {
    fc.assert(
      fc.property(arbSessions, fc.constantFrom(...SORT_COLUMNS), fc.boolean(), (list, col, desc) => {
        const a = sortSessions(list, col, desc);
        const b = sortSessions([...list].reverse(), col, desc);
        expect(a.map((s) => s.key)).toEqual(b.map((s) => s.key));
        expect(a.length).toBe(list.length);
        const hasValue = (s: Session): boolean =>
          col === 'user' ? s.user !== null : col === 'idle' ? s.idle !== null : col === 'backends' ? s.backends !== null : col === 'memory' ? s.memory !== undefined : col === 'connected' ? s.connected !== null : true;
        const firstNull = a.findIndex((s) => !hasValue(s));
        if (firstNull >= 0) expect(a.slice(firstNull).every((s) => !hasValue(s))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('property: the same order as comparing sortKey values directly', () => {
    const arbMixed = fc
      .record({
        id: fc.integer({ min: 1, max: 30 }),
        target: fc.constantFrom('a:8989', 'B:8989', 'b:8989', ''),
        user: fc.option(fc.constantFrom('app', 'App', 'APP', 'bob', 'Zed', 'é', 'É', ''), { nil: null }),
        service: fc.option(fc.constantFrom('RW', 'rw', 'ro', 'Ro'), { nil: null }),
        state: fc.constantFrom('Started', 'started', 'Idle'),
        address: fc.option(fc.constantFrom('10.0.0.1', 'Host', 'host'), { nil: null }),
        port: fc.option(fc.constantFrom(1, 80, 50000), { nil: undefined }),
        idle: fc.option(fc.constantFrom(0, -0, 1, NaN, Infinity, -Infinity, 0.5, 1e-9), { nil: null }),
        backends: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
        memory: fc.option(fc.constantFrom(0, -0, 7, 7.5, NaN, Number.MAX_VALUE), { nil: undefined }),
        ioActivity: fc.option(fc.double({ noDefaultInfinity: false }), { nil: undefined }),
        connectedMs: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
      })
      .map(({ connectedMs, ...r }) => makeSession({ ...r, connected: connectedMs === null ? null : new Date(connectedMs * 1000) }));
    fc.assert(
      fc.property(
        fc.uniqueArray(arbMixed, { selector: (s) => s.key, maxLength: 120 }),
        fc.constantFrom(...SORT_COLUMNS),
        fc.boolean(),
        (list, col, desc) => {
          expect(sortSessions(list, col, desc).map((s) => s.key)).toEqual(reference(list, col, desc));
        },
      ),
      { numRuns: 500 },
    );
  });
  it('sorts large lists (16-bit radix passes, distinct-key bail-out) as the reference does', () => {
    // A small deterministic generator: negative, fractional, huge, equal and missing values,
    // three hosts listed out of order.
    let x = 12345;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    const values = [0, -0, 1, -1, 0.5, 1e300, -1e300, Infinity, -Infinity, NaN, 2 ** 53, 1e-300];
    const pick = (): number => (next() % 4 === 0 ? values[next() % values.length] : (next() - 2 ** 31) / (1 + (next() % 1000)));
    const list = Array.from({ length: 40_000 }, (_, i) =>
      makeSession({
        id: 40_000 - i,
        target: ['b:1', 'a:1', 'c:1'][next() % 3],
        idle: next() % 10 === 0 ? null : Math.abs(pick()),
        memory: next() % 10 === 0 ? undefined : pick(),
        ioActivity: next() % 10 === 0 ? undefined : next() % 50,
        user: next() % 3 === 0 ? `u${next() % 30}` : `user-${next()}`,
        address: `10.0.${next() % 256}.${next() % 256}`,
        connected: next() % 10 === 0 ? null : new Date(pick()),
      }),
    );
    for (const col of ['idle', 'memory', 'io', 'connected', 'user', 'client', 'id', 'host'] as const) {
      for (const desc of [true, false]) expect(sortSessions(list, col, desc).map((s) => s.key)).toEqual(reference(list, col, desc));
    }
  });
  it('sorts 100k sessions', () => {
    const polledAt = Date.now(); // one poll: made over more than a second, they would not sort by idle alone
    const many = Array.from({ length: 100_000 }, (_, i) => makeSession({ id: i + 1, idle: (i * 7919) % 5000, polledAt }));
    const sorted = sortSessions(many, 'idle', true);
    let ordered = true;
    for (let i = 1; i < sorted.length; i++) if (sorted[i - 1].idle! < sorted[i].idle!) ordered = false;
    expect(ordered).toBe(true);
  });
});
