import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultDescending, parseSortColumn, SORT_COLUMNS, sortSessions } from '../../src/core/sort.js';
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
    const list = [
      makeSession({ id: 3, idle: 5 }),
      makeSession({ id: 1, idle: null }),
      makeSession({ id: 2, idle: 50 }),
      makeSession({ id: 4, idle: 5, target: '0:1' }),
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
  it('sorts 100k sessions', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => makeSession({ id: i + 1, idle: (i * 7919) % 5000 }));
    const sorted = sortSessions(many, 'idle', true);
    let ordered = true;
    for (let i = 1; i < sorted.length; i++) if (sorted[i - 1].idle! < sorted[i].idle!) ordered = false;
    expect(ordered).toBe(true);
  });
});
