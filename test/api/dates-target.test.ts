import { describe, expect, it } from 'vitest';
import { parseConnected, parseIsoTime } from '../../src/api/dates.js';
import { parseTarget } from '../../src/api/target.js';
import { ApiError } from '../../src/api/types.js';

describe('dates', () => {
  it.each([
    ['Wed Aug 31 03:03:12 2016', '2016-08-31T03:03:12.000Z'],
    ['Tue Mar  5 09:15:02 2019', '2019-03-05T09:15:02.000Z'],
    ['Fri, 05 Jan 2024 07:24:06 GMT', '2024-01-05T07:24:06.000Z'],
    ['2018-11-05T16:47:49.123', '2018-11-05T16:47:49.123Z'],
    // Years below 100 are those years, not 19xx.
    ['Fri, 05 Jan 0099 07:24:06 GMT', '0099-01-05T07:24:06.000Z'],
    ['Sat Jan  1 00:00:00 0000', '0000-01-01T00:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseConnected(text)?.toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', 'Wed Feb 30 03:03:12 2016', 'Wed Aug 31 25:03:12 2016', 'Fri, 05 Jan 2024 07:24:06 PST', '1700000000'])(
    'rejects %j',
    (text) => {
      expect(parseConnected(text)).toBeNull();
    },
  );

  it('honours an explicit zone in ISO times', () => {
    expect(parseIsoTime('2024-01-01T10:00:00+02:00')?.toISOString()).toBe('2024-01-01T08:00:00.000Z');
  });
});

describe('targets', () => {
  it.each([
    ['127.0.0.1:8989', false, 'http://127.0.0.1:8989', ''],
    ['maxscale1', false, 'http://maxscale1:8989', ''],
    ['maxscale1', true, 'https://maxscale1:8989', ''],
    ['[::1]:9000', false, 'http://[::1]:9000', ''],
    ['[::1]', true, 'https://[::1]:8989', ''],
    ['https://mx.example.com:8443/admin/', false, 'https://mx.example.com:8443', '/admin'],
    ['http://mx', true, 'http://mx:8989', ''],
    ['127.0.0.1:18989/', false, 'http://127.0.0.1:18989', ''],
    ['[::1]:9000/', false, 'http://[::1]:9000', ''],
  ])('%s (secure=%s)', (target, secure, origin, basePath) => {
    expect(parseTarget(target, secure)).toMatchObject({ origin, basePath });
  });

  it.each([
    ['', 'empty'],
    ['host:0', 'port "0"'],
    ['host:99999', 'port "99999"'],
    ['::1', 'needs brackets'],
    ['ftp://host', 'scheme "ftp"'],
    ['http://admin:secret@host:8989', '--user/--password'],
    ['admin:secret@127.0.0.1:8989', 'not in the host'],
    ['admin:secret@[::1]:8989', 'not in the host'],
    // A password holding @ or / is masked whole, whatever else is wrong.
    ['admin:p@secret@127.0.0.1:8989', 'not in the host'],
    ['admin:pa/secret@127.0.0.1:8989', 'not in the host'],
    ['http://admin:pa/secret@127.0.0.1:8989', 'not a valid URL'],
    ['bad host', 'spaces'],
    ['host_name!', 'not a host name'],
  ])('rejects %j', (target, why) => {
    let error: unknown;
    try {
      parseTarget(target);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain(why);
    expect((error as ApiError).message).not.toContain('secret');
  });
});
