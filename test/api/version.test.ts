// The MaxScale version (read once from `GET /v1/maxscale` after detection) and the pool's
// per-target health: version and the kind of the last failure.
import { afterEach, describe, expect, it } from 'vitest';
import { MAXSCALE_VERSION, startSimulator, type SimOptions, type Simulator } from '../../src/sim/index.js';
import { createClient } from '../../src/api/client.js';
import { createPool, type SessionPool } from '../../src/api/pool.js';
import { MAX_VERSION_CHARS, parseV1Version } from '../../src/api/parse-v1.js';
import { closesSessions } from '../../src/api/dialect.js';
import type { SessionsClient } from '../../src/api/types.js';
import { recordRequests } from './helpers/requests.js';
import { closedPort, startTinyServer, type TinyServer } from './helpers/tiny-server.js';

const sims: Simulator[] = [];
const clients: SessionsClient[] = [];
const pools: SessionPool[] = [];
const tiny: TinyServer[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(tiny.splice(0).map((s) => s.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function sim(options: SimOptions = {}): Promise<Simulator> {
  const s = await startSimulator({ sessions: 5, seed: 11, clock: 'manual', churn: false, ...options });
  sims.push(s);
  return s;
}

function client(target: string, password = 'mariadb', timeoutMs = 10_000): SessionsClient {
  const c = createClient({ target, user: 'admin', password, timeoutMs });
  clients.push(c);
  return c;
}

const hostOf = (s: Simulator): string => `127.0.0.1:${s.port}`;
const versionReads = (sent: { path: string }[]): number => sent.filter((r) => r.path === '/v1/maxscale').length;

describe('MaxScale version', () => {
  it('v1: read once after detection and carried by every list', async () => {
    const s = await sim({ dialects: ['v1'] });
    const c = client(hostOf(s));
    const rec = recordRequests();
    try {
      for (let i = 0; i < 3; i++) expect((await c.listSessions()).version).toBe(MAXSCALE_VERSION);
    } finally {
      rec.stop();
    }
    expect(versionReads(rec.sent)).toBe(1);
  });

  it('seed: no version and no version request', async () => {
    const s = await sim({ dialects: ['seed'] });
    const c = client(hostOf(s));
    const rec = recordRequests();
    try {
      const list = await c.listSessions();
      expect(list.dialect).toBe('seed');
      expect(list.version).toBeUndefined();
    } finally {
      rec.stop();
    }
    expect(rec.sent.some((r) => r.path.includes('maxscale'))).toBe(false);
  });

  it.each([
    ['a 500', { status: 500, body: '{"errors":[{"detail":"boom"}]}' }],
    ['an HTML page', { status: 200, body: '<html>hi</html>', contentType: 'text/html' }],
    ['another shape', { status: 200, body: '{"data":{"attributes":{"version":24}}}' }],
  ])('a version read answered with %s is no error: the list still answers, version unknown', async (_what, reply) => {
    const s = await sim({ dialects: ['v1'] });
    s.faults.rawReply = { ...reply, pathPrefix: '/v1/maxscale' };
    const list = await client(hostOf(s)).listSessions();
    expect(list.sessions).toHaveLength(5);
    expect(list.version).toBeUndefined();
  });

  it('is read again after the target was down (it may come back upgraded)', async () => {
    const s = await sim({ dialects: ['v1'] });
    const c = client(hostOf(s));
    const rec = recordRequests();
    try {
      expect((await c.listSessions()).version).toBe(MAXSCALE_VERSION);
      expect((await c.listSessions()).version).toBe(MAXSCALE_VERSION);
      await s.stop();
      await expect(c.listSessions()).rejects.toMatchObject({ kind: 'unreachable' });
      await s.restart();
      s.faults.rawReply = { status: 200, body: '{"data":{"attributes":{"version":"25.01.1"}}}', pathPrefix: '/v1/maxscale' };
      expect((await c.listSessions()).version).toBe('25.01.1');
    } finally {
      rec.stop();
    }
    expect(versionReads(rec.sent)).toBe(2);
  });

  it('parses defensively: only a non-empty string, trimmed and bounded', () => {
    const doc = (version: unknown) => ({ data: { id: 'maxscale', attributes: { version } } });
    expect(parseV1Version(doc('24.08.3'))).toBe('24.08.3');
    expect(parseV1Version(doc('  2.5.29 \n'))).toBe('2.5.29');
    expect(parseV1Version(doc('x'.repeat(10_000)))).toHaveLength(MAX_VERSION_CHARS);
    expect(parseV1Version(doc('\u001b[31m9'))).toBe('\u001b[31m9'); // kept verbatim: the UI sanitises
    for (const odd of [undefined, null, 'text', [], {}, { data: null }, { data: [] }, { data: { attributes: null } }, doc(''), doc('  '), doc(24), doc(null), doc({})]) {
      expect(parseV1Version(odd)).toBeUndefined();
    }
  });
});

describe('closesSessions: which versions close sessions over REST (22.08 and later)', () => {
  it.each([
    ['22.08.0', true],
    ['22.8', true],
    ['24.08.3', true],
    ['23.02.11-debug', true],
    ['100.1', true],
    ['22.02.1', false],
    ['21.06.19', false],
    ['6.4.15', false],
    ['2.5.29', false],
    [MAXSCALE_VERSION, true],
    ['develop', undefined],
    ['24', undefined],
    ['v24.08', undefined],
    ['', undefined],
    [undefined, undefined],
  ] as const)('%s → %s', (version, expected) => {
    expect(closesSessions(version)).toBe(expected);
  });
});

describe('pool health', () => {
  it('carries the version and dialect of each target, and the kind of each failure', async () => {
    const v1 = await sim({ dialects: ['v1'] });
    const seed = await sim({ dialects: ['seed'], seed: 12 });
    const dead = `127.0.0.1:${await closedPort()}`;
    const stuck = await startTinyServer(() => undefined); // accepts, never answers
    tiny.push(stuck);
    const pool = createPool(
      [client(hostOf(v1)), client(hostOf(seed)), client(hostOf(v1), 'wrong'), client(dead), client(stuck.target, 'mariadb', 60_000)],
      { deadlineMs: 1500 },
    );
    pools.push(pool);
    const [ok1, ok2, denied, refused, late] = (await pool.poll()).health;
    expect(ok1).toMatchObject({ status: 'ok', dialect: 'v1', version: MAXSCALE_VERSION });
    expect(ok1.errorKind).toBeUndefined();
    expect(ok2).toMatchObject({ status: 'ok', dialect: 'seed' });
    expect(ok2.version).toBeUndefined();
    expect(denied).toMatchObject({ status: 'down', errorKind: 'auth' });
    expect(refused).toMatchObject({ status: 'down', errorKind: 'unreachable' });
    expect(late).toMatchObject({ status: 'down', errorKind: 'timeout' });
  });

  it('a recovered target loses its error kind; a down one keeps its version', async () => {
    const s = await sim({ dialects: ['v1'] });
    const pool = createPool([client(hostOf(s))]);
    pools.push(pool);
    expect((await pool.poll()).health[0]).toMatchObject({ status: 'ok', version: MAXSCALE_VERSION });
    s.setAuth({ user: 'admin', password: 'changed' });
    const down = (await pool.poll()).health[0];
    expect(down).toMatchObject({ status: 'down', errorKind: 'auth', version: MAXSCALE_VERSION });
    s.setAuth({ user: 'admin', password: 'mariadb' });
    const back = (await pool.poll()).health[0];
    expect(back).toMatchObject({ status: 'ok', version: MAXSCALE_VERSION });
    expect(back.errorKind).toBeUndefined();
    expect(back.error).toBeUndefined();
  });
});
