import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/types.js';
import { parseV1One, parseV1Page, parseV1Servers, readV1Page } from '../../src/api/parse-v1.js';
import { SessionMemo } from '../../src/api/session-memo.js';
import { Fields } from '../../src/api/validate.js';
import * as fx from './fixtures/v1-sessions.js';

const T = '127.0.0.1:8989';
const f = new Fields(T);

function badMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).kind).toBe('bad-response');
    return (e as ApiError).message;
  }
  throw new Error('expected a bad-response error');
}

describe('v1 session parsing across MaxScale versions', () => {
  it('2.2: asctime read as UTC, float idle, string id, service from relationships, no backends', () => {
    const s = parseV1One(f, fx.one(fx.v22));
    expect(s).toMatchObject({
      key: `${T}#7`,
      id: 7,
      target: T,
      state: 'Session ready for routing',
      user: 'app_ro',
      address: '::ffff:10.0.0.8',
      service: 'Read-Write-Svc',
      idle: 12.5,
      backends: null,
    });
    expect(s.connected?.toISOString()).toBe('2019-03-05T09:15:02.000Z');
    expect(s.port).toBeUndefined();
    expect(s.memory).toBeUndefined();
  });

  it('2.3–2.5: the old connection shape keeps the "0x…" id as the backend connection id', () => {
    const s = parseV1One(f, fx.one(fx.v23));
    expect(s.backends).toBe(2);
    expect(s.connections).toEqual([
      { server: 'db-a', backendConnectionId: '0x7f00a4012340' },
      { server: 'db-b', backendConnectionId: '0x7f00a4056780' },
    ]);
    expect(s.queries).toEqual([]);
  });

  it('21.06: port and numeric connection ids', () => {
    const s = parseV1One(f, fx.one(fx.v2106));
    expect(s.port).toBe(51234);
    expect(s.idle).toBe(0);
    expect(s.connections).toEqual([{ server: 'db-a', backendConnectionId: 301, cipher: '' }]);
    expect(s.client).toEqual({ cipher: '' });
  });

  it('22.08: memory.total with connection_buffers as a plain number (no per-backend memory)', () => {
    const s = parseV1One(f, fx.one(fx.v2208));
    expect(s.memory).toBe(5100);
    expect(s.connections?.map((c) => c.memory)).toEqual([undefined, undefined]);
    expect(s.client?.cipher).toBe('TLS_AES_256_GCM_SHA384');
  });

  it('23.02: HTTP-date, io_activity and per-backend memory', () => {
    const s = parseV1One(f, fx.one(fx.v2302));
    expect(s.connected?.toISOString()).toBe('2023-02-02T14:30:00.000Z');
    expect(s.ioActivity).toBe(9);
    expect(s.memory).toBe(2000);
    expect(s.connections).toEqual([{ server: 'db-a', backendConnectionId: 77, cipher: '', memory: 700 }]);
  });

  it('24.08: seconds_alive, connection attributes, queries newest first with durations', () => {
    const s = parseV1One(f, fx.one(fx.v2408));
    expect(s.secondsAlive).toBe(10.5);
    expect(s.client).toEqual({ cipher: '', attributes: { _client_name: 'libmariadb', _os: 'Linux', _pid: '4242' } });
    expect(s.queries).toHaveLength(3);
    const [running, done, ping] = s.queries!;
    expect(running.statement).toBe('SELECT SLEEP(5)');
    expect(running.completed).toBeNull();
    expect(running.durationMs).toBe(1200); // from responses while no completion time exists
    expect(running.received?.toISOString()).toBe('2024-08-09T11:00:05.250Z');
    expect(done.durationMs).toBe(12);
    expect(ping.statement).toBe('COM_PING'); // non-COM_QUERY entries have no statement
    expect(ping.durationMs).toBe(1);
  });

  it('a session still authenticating: no user, no idle, connection_attributes null', () => {
    const s = parseV1One(f, fx.one(fx.authenticating));
    expect(s.user).toBeNull();
    expect(s.idle).toBeNull();
    expect(s.backends).toBe(0);
    expect(s.client).toEqual({ cipher: '', attributes: null });
  });

  it('list entries drop detail-only fields but keep the backend count', () => {
    const page = parseV1Page(f, fx.list([fx.v2408, fx.v22]));
    expect(page.paged).toBe(false);
    expect(page.sessions.map((s) => s.id)).toEqual([24, 7]);
    expect(page.sessions[0].backends).toBe(1);
    expect(page.sessions[0].queries).toBeUndefined();
    expect(page.sessions[0].client).toBeUndefined();
    expect(page.sessions[0].connections).toBeUndefined();
  });

  it('reads paging metadata', () => {
    const page = parseV1Page(f, fx.list([fx.v2302], { meta: { total: 10 }, links: { self: 'x', next: 'http://h/v1/sessions?page[number]=1' } }));
    expect(page).toMatchObject({ paged: true, total: 10, hasNext: true });
  });

  it('sparse-field answers (only the asked attributes, memory/total as {total}) parse', () => {
    const sparse = {
      id: '30',
      type: 'sessions',
      attributes: { state: 'Session started', remote: '10.1.1.1', connected: 'Fri, 09 Aug 2024 11:00:00 GMT', idle: 1, memory: { total: 123 } },
      relationships: { services: { data: [{ id: 'svc', type: 'services' }] } },
    };
    const [s] = parseV1Page(f, fx.list([sparse])).sessions;
    expect(s).toMatchObject({ id: 30, memory: 123, service: 'svc', user: null, backends: null });
  });

  it('numeric ids are accepted too', () => {
    expect(parseV1One(f, fx.one(fx.resource(9, { state: 's' }))).id).toBe(9);
  });
});

describe('v1 parse errors name the field', () => {
  const withAttr = (patch: Record<string, unknown>) =>
    fx.list([fx.v22, fx.v22, fx.v22, fx.resource('4', { ...(fx.v22.attributes as object), ...patch })]);

  it('idle not a number', () => {
    expect(badMessage(() => parseV1Page(f, withAttr({ idle: 'abc' })))).toBe(
      'bad response from 127.0.0.1:8989: data[3].attributes.idle is "abc", expected a number',
    );
  });

  it.each([
    [{ state: 5 }, 'data[3].attributes.state is 5, expected a string'],
    [{ connected: 'yesterday' }, 'data[3].attributes.connected is "yesterday", expected a date'],
    [{ connected: 'Tue Feb 31 09:15:02 2019' }, 'data[3].attributes.connected is "Tue Feb 31 09:15:02 2019"'],
    [{ user: ['x'] }, 'data[3].attributes.user is an array, expected a string'],
    [{ connections: {} }, 'data[3].attributes.connections is an object, expected an array'],
    [{ memory: 7 }, 'data[3].attributes.memory is 7, expected an object'],
    [{ port: '3306' }, 'data[3].attributes.port is "3306", expected a number'],
    [{ idle: -1 }, 'data[3].attributes.idle is -1, expected a number of seconds'],
  ])('%j', (patch, expected) => {
    expect(badMessage(() => parseV1Page(f, withAttr(patch)))).toContain(expected);
  });

  // A session seen in the last poll takes another path (its unchanged values are reused): a value
  // that turns bad there must be named just the same.
  it.each([
    [{ idle: -2 }, 'data[3].attributes.idle is -2, expected a number of seconds'],
    [{ idle: 'soon' }, 'data[3].attributes.idle is "soon", expected a number'],
    [{ io_activity: '7' }, 'data[3].attributes.io_activity is "7", expected a number'],
    [{ seconds_alive: -5 }, 'data[3].attributes.seconds_alive is -5, expected a number of seconds ≥ 0'],
    [{ seconds_alive: null, port: {} }, 'data[3].attributes.port is an object, expected a number'],
    [{ memory: { total: 'big' } }, 'data[3].attributes.memory.total is "big", expected a number'],
  ])('a session of the last poll whose %j turns bad', (patch, expected) => {
    const memo = new SessionMemo();
    const poll = (last: Record<string, unknown>) => {
      memo.begin();
      try {
        readV1Page(f, withAttr(last), memo, []);
      } finally {
        memo.finish();
      }
    };
    poll({ idle: 1, io_activity: 3, seconds_alive: 9, port: 3306, memory: { total: 10 } });
    expect(badMessage(() => poll({ idle: 1, io_activity: 3, seconds_alive: 9, port: 3306, memory: { total: 10 }, ...patch }))).toContain(expected);
  });

  it('backend connections are validated where they are used (the detail view)', () => {
    const res = fx.resource('4', { ...(fx.v22.attributes as object), connections: [{ cipher: '' }] });
    expect(badMessage(() => parseV1One(f, fx.one(res)))).toContain('data.attributes.connections[0].server is missing, expected a string');
    expect(parseV1Page(f, fx.list([res])).sessions[0].backends).toBe(1);
  });

  it('bad ids, missing data, wrong document shapes', () => {
    expect(badMessage(() => parseV1Page(f, fx.list([fx.resource('0', { state: 's' })])))).toContain('data[0].id is "0", expected a positive integer id');
    expect(badMessage(() => parseV1Page(f, fx.list([fx.resource('1e3', { state: 's' })])))).toContain('data[0].id is "1e3"');
    expect(badMessage(() => parseV1Page(f, { links: {} }))).toContain('data is missing, expected an array');
    expect(badMessage(() => parseV1Page(f, []))).toContain('body is an array, expected an object');
    expect(badMessage(() => parseV1One(f, { data: [] }))).toContain('data is an array, expected an object');
    expect(badMessage(() => parseV1Page(f, fx.list([{ id: '1', attributes: null }])))).toContain('data[0].attributes is null');
  });

  it('control characters in field names from the server do not reach the message', () => {
    const res = fx.resource('3', { state: 's', client: { connection_attributes: { 'k\u001b[31m': {} } } });
    const msg = badMessage(() => parseV1One(f, fx.one(res)));
    expect(msg).not.toMatch(/[\u0000-\u001f]/);
    expect(msg).toContain('connection_attributes.k [31m is an object, expected a string');
  });
});

describe('v1 servers', () => {
  it('reads per-server statistics', () => {
    const servers = parseV1Servers(f, {
      data: [
        {
          id: 'db-a',
          type: 'servers',
          attributes: {
            state: 'Master, Running',
            parameters: { address: '10.0.0.1', port: 3306 },
            statistics: { connections: 4, max_connections: 9, active_operations: 1, failed_auths: 0, persistent_connections: 0, total_connections: 100, response_time_distribution: {} },
          },
        },
      ],
    });
    expect(servers).toEqual([
      {
        name: 'db-a',
        state: 'Master, Running',
        address: '10.0.0.1',
        port: 3306,
        statistics: { connections: 4, maxConnections: 9, activeOperations: 1, failedAuths: 0, persistentConnections: 0, totalConnections: 100 },
      },
    ]);
    expect(badMessage(() => parseV1Servers(f, { data: [{ id: 'x', attributes: { statistics: { connections: 'many' } } }] }))).toContain(
      'data[0].attributes.statistics.connections is "many", expected a number',
    );
  });
});
