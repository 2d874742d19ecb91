import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileFilter } from '../../src/core/filter.js';
import { makeSession } from './helpers/sessions.js';

const sessions = [
  makeSession({ id: 1, user: 'alice', address: '10.0.0.5', service: 'RW-Split', state: 'Session started' }),
  makeSession({ id: 12, user: 'bob', address: '192.168.1.9', port: 50123, service: 'read-only', state: 'Idle' }),
  makeSession({ id: 123, user: null, address: null, service: null, state: 'Authenticating', target: 'mx2:8989' }),
];
const ids = (text: string): number[] => {
  const f = compileFilter(text);
  if (!f.ok) throw new Error(f.error);
  return sessions.filter(f.predicate).map((s) => s.id);
};

describe('compileFilter', () => {
  it('empty text matches everything', () => expect(ids('   ')).toEqual([1, 12, 123]));
  it('bare terms are case-insensitive substrings over all fields', () => {
    expect(ids('ALI')).toEqual([1]);
    expect(ids('rw-')).toEqual([1]);
    expect(ids('123')).toEqual([12, 123]); // 12 by its port 50123
    expect(ids('0.1')).toEqual([1, 12]);
    expect(ids('mx2')).toEqual([123]);
    expect(ids('50123')).toEqual([12]);
  });
  it('field:value restricts to a field; id matches exactly', () => {
    expect(ids('id:12')).toEqual([12]);
    expect(ids('user:b')).toEqual([12]);
    expect(ids('client:192.')).toEqual([12]);
    expect(ids('address:10.0')).toEqual([1]);
    expect(ids('state:auth')).toEqual([123]);
    expect(ids('host:mx2')).toEqual([123]);
    expect(ids('target:127.0.0.1')).toEqual([1, 12]);
    expect(ids('Service:READ')).toEqual([12]);
  });
  it('terms are ANDed and ! negates', () => {
    expect(ids('!alice')).toEqual([12, 123]);
    expect(ids('!user:bob !id:123')).toEqual([1]);
    expect(ids('session !rw')).toEqual([]);
    expect(ids('e !state:idle')).toEqual([1, 123]);
  });
  it('rejects unknown fields with a one-line error naming the valid ones', () => {
    const f = compileFilter('colour:red');
    expect(f.ok).toBe(false);
    if (!f.ok) {
      expect(f.error).toMatch(/unknown field 'colour'/);
      expect(f.error).toMatch(/user/);
      expect(f.error).not.toMatch(/\n/);
    }
    expect(compileFilter('!').ok).toBe(false);
    expect(compileFilter('user:').ok).toBe(false);
  });
  it('property: !term matches exactly the sessions term does not', () => {
    fc.assert(
      fc.property(fc.constantFrom('id:', 'user:', 'client:', 'service:', 'state:', 'host:', ''), fc.stringMatching(/^[a-z0-9.]{1,4}$/), (field, value) => {
        const pos = compileFilter(field + value);
        const neg = compileFilter('!' + field + value);
        if (!pos.ok || !neg.ok) throw new Error('should compile');
        for (const s of sessions) expect(neg.predicate(s)).toBe(!pos.predicate(s));
      }),
    );
  });
  it('a later poll of the same session is matched by its new values, not cached old ones', () => {
    const f = compileFilter('user:carol');
    if (!f.ok) throw new Error(f.error);
    const before = makeSession({ id: 77, user: 'dave', state: 'Idle' });
    expect(f.predicate(before)).toBe(false);
    for (const change of [{ user: 'Carol' }, { user: 'carol', port: 1 }, { user: 'carol', service: 'x' }]) {
      expect(f.predicate(makeSession({ id: 77, state: 'Idle', ...change }))).toBe(true);
    }
    expect(f.predicate(makeSession({ id: 77, user: 'dave', state: 'Idle' }))).toBe(false);
    const byPort = compileFilter('client::4242');
    if (!byPort.ok) throw new Error(byPort.error);
    expect(byPort.predicate(makeSession({ id: 77, port: 4241 }))).toBe(false);
    expect(byPort.predicate(makeSession({ id: 77, port: 4242 }))).toBe(true);
    const byState = compileFilter('state:closing');
    if (!byState.ok) throw new Error(byState.error);
    expect(byState.predicate(makeSession({ id: 77, state: 'Started' }))).toBe(false);
    expect(byState.predicate(makeSession({ id: 77, state: 'Closing' }))).toBe(true);
  });
  it('stays correct across many sessions (cache generations turn over)', () => {
    const f = compileFilter('user:u7');
    if (!f.ok) throw new Error(f.error);
    for (let round = 0; round < 2; round++) {
      let hits = 0;
      for (let id = 1; id <= 20000; id++) if (f.predicate(makeSession({ id, user: `u${(id + round) % 10}` }))) hits++;
      expect(hits).toBe(2000);
    }
  });
});
