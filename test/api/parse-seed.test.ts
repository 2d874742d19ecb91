import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/types.js';
import { parseSeedConnectionArray, parseSeedSession, parseSeedSessionArray } from '../../src/api/parse-seed.js';
import { Fields } from '../../src/api/validate.js';

const T = 'mx1:8989';
const f = new Fields(T);

// Written from the seed design's documented objects.
const seedSession = {
  id: 3,
  state: 'Session ready for routing',
  user: 'jdoe',
  address: '192.168.0.200',
  service: '/services/my-service',
  connected: 'Wed Aug 31 03:03:12 2016',
  idle: 260,
};

describe('seed parsing', () => {
  it('gives sessions of a list that connected in the same second one shared Date', () => {
    const [a, b, c] = parseSeedSessionArray(f, [
      seedSession,
      { ...seedSession, id: 4 },
      { ...seedSession, id: 5, connected: 'Wed Aug 31 03:03:13 2016' },
    ]);
    expect(a.connected).toEqual(new Date('2016-08-31T03:03:12Z'));
    expect(b.connected).toBe(a.connected);
    expect(c.connected).toEqual(new Date('2016-08-31T03:03:13Z'));
  });

  it('maps a session onto the model (service path → name, asctime as UTC, backends unknown)', () => {
    expect(parseSeedSession(f, seedSession, 'body')).toEqual({
      key: 'mx1:8989#3',
      id: 3,
      target: T,
      state: 'Session ready for routing',
      user: 'jdoe',
      address: '192.168.0.200',
      service: 'my-service',
      connected: new Date('2016-08-31T03:03:12Z'),
      idle: 260,
      polledAt: f.at,
      backends: null,
    });
  });

  it('accepts a numeric-string id and absent user/idle', () => {
    const { user: _u, idle: _i, ...rest } = seedSession;
    const s = parseSeedSession(f, { ...rest, id: '12' }, 'body');
    expect(s).toMatchObject({ id: 12, user: null, idle: null });
  });

  it('maps connections with statistics', () => {
    const connections = parseSeedConnectionArray(f, [
      {
        state: 'DCB in the polling loop',
        role: 'Backend Request Handler',
        server: '/servers/db-serv-01',
        service: '/services/my-service',
        statistics: { reads: 2197, writes: 1562, buffered_writes: 0, high_water_events: 0, low_water_events: 1 },
      },
    ]);
    expect(connections).toEqual([
      {
        server: 'db-serv-01',
        role: 'Backend Request Handler',
        state: 'DCB in the polling loop',
        service: 'my-service',
        statistics: { reads: 2197, writes: 1562, bufferedWrites: 0, highWaterEvents: 0, lowWaterEvents: 1 },
      },
    ]);
  });

  it.each([
    [[seedSession, { ...seedSession, id: 4, idle: 'abc' }], '[1].idle is "abc", expected a number'],
    [[{ ...seedSession, id: -3 }], '[0].id is -3, expected a positive integer id'],
    [[{ ...seedSession, id: 2.5 }], '[0].id is 2.5'],
    [[{ ...seedSession, service: 9 }], '[0].service is 9, expected a string'],
    [{ data: [] }, 'body is an object, expected an array'],
    [[null], '[0] is null, expected an object'],
  ])('rejects %j naming the field', (json, expected) => {
    let error: unknown;
    try {
      parseSeedSessionArray(f, json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('bad-response');
    expect((error as ApiError).message).toContain(`bad response from ${T}: ${expected}`);
  });

  it('rejects connection statistics with a missing counter', () => {
    expect(() =>
      parseSeedConnectionArray(f, [{ server: '/servers/a', statistics: { reads: 1, writes: 1, buffered_writes: 0, high_water_events: 0 } }]),
    ).toThrow('[0].statistics.low_water_events is missing, expected a number');
  });
});
