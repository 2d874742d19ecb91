// The client against the simulator over loopback, in both dialects.
import diagnostics from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimOptions } from '../../src/sim/index.js';
import { createClient } from '../../src/api/client.js';
import { ApiError, type ClientOptions, type SessionsClient } from '../../src/api/types.js';
import { recordRequests, sessionRequests } from './helpers/requests.js';
import { failure } from './helpers/failure.js';

const sims: Simulator[] = [];
const clients: SessionsClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function sim(options: SimOptions = {}): Promise<Simulator> {
  const s = await startSimulator({ sessions: 40, seed: 3, clock: 'manual', churn: false, ...options });
  sims.push(s);
  return s;
}

function client(s: Simulator, extra: Partial<ClientOptions> = {}): SessionsClient {
  const c = createClient({ target: `127.0.0.1:${s.port}`, user: 'admin', password: 'mariadb', ...extra });
  clients.push(c);
  return c;
}


const dialects = [
  { name: 'v1', sim: { dialects: ['v1'] } as SimOptions },
  { name: 'seed', sim: { dialects: ['seed'] } as SimOptions },
] as const;

describe('dialect detection', () => {
  it('prefers v1 when a server answers both', async () => {
    const c = client(await sim());
    expect(await c.detectDialect()).toBe('v1');
  });

  it.each(dialects)('detects $name', async ({ name, sim: opts }) => {
    const c = client(await sim(opts));
    expect(await c.detectDialect()).toBe(name);
    expect((await c.listSessions()).dialect).toBe(name);
  });

  it('detects once and remembers', async () => {
    const s = await sim({ dialects: ['seed'] });
    const c = client(s);
    const rec = recordRequests();
    try {
      await c.listSessions();
      await c.listSessions();
    } finally {
      rec.stop();
    }
    const probes = rec.sent.filter((r) => r.path.startsWith('/v1/') || r.path.includes('range=0-0'));
    expect(probes.map((r) => r.path)).toEqual(['/v1/sessions?page[size]=1&page[number]=0&fields[sessions]=state', '/sessions?range=0-0&fields=id']);
  });

  it('a web server on the wrong port is not MaxScale', async () => {
    const s = await sim();
    s.faults.htmlPage = true;
    const e = await failure(client(s).listSessions());
    expect(e.kind).toBe('not-maxscale');
    expect(e.message).toContain('an HTML page');
  });
});

describe.each(dialects)('$name dialect against the simulator', ({ name, sim: opts }) => {
  it('lists exactly the live sessions with the model values', async () => {
    const s = await sim(opts);
    const injected = s.model.addSession({ user: 'dba', address: '198.51.100.7', service: s.model.services()[1].name, idleSeconds: 93 });
    const list = await client(s).listSessions();
    expect(list.sessions.map((x) => x.id).sort((a, b) => a - b)).toEqual(s.model.sessions().map((x) => x.id).sort((a, b) => a - b));
    const got = list.sessions.find((x) => x.id === injected.id)!;
    expect(got).toMatchObject({
      key: `127.0.0.1:${s.port}#${injected.id}`,
      target: `127.0.0.1:${s.port}`,
      user: 'dba',
      address: '198.51.100.7',
      service: s.model.services()[1].name,
      idle: 93,
    });
    expect(got.connected?.getTime()).toBe(Math.floor(injected.connectedAt / 1000) * 1000);
    if (name === 'v1') {
      expect(got.backends).toBe(injected.connections.length);
      expect(got.port).toBe(injected.port);
      expect(typeof got.memory).toBe('number');
      expect(got.queries).toBeUndefined(); // detail only
    } else {
      expect(got.backends).toBeNull();
    }
  });

  it('pages with small pages and asks only for the table fields', async () => {
    const s = await sim({ ...opts, sessions: 50 });
    const c = client(s, { pageSize: 7, dialect: name });
    const rec = recordRequests();
    let list;
    try {
      list = await c.listSessions();
    } finally {
      rec.stop();
    }
    expect(new Set(list.sessions.map((x) => x.id)).size).toBe(50);
    expect(list.sessions).toHaveLength(50);
    const paths = rec.sent.map((r) => r.path);
    expect(paths.length).toBeGreaterThanOrEqual(8); // 50 / 7 → 8 pages
    expect(paths.length).toBeLessThanOrEqual(9);
    if (name === 'v1') {
      expect(paths[0]).toBe(
        '/v1/sessions?page[size]=7&page[number]=0&pretty=false&fields[sessions]=state,user,remote,port,connected,idle,connections,memory/total,io_activity,seconds_alive,services',
      );
      expect(paths[7]).toContain('page[number]=7');
    } else {
      expect(paths[0]).toBe('/sessions?fields=id,state,user,address,service,connected,idle&range=0-6');
      expect(paths[7]).toContain('range=49-55');
    }
  });

  it('sessions that move between pages while paging: no duplicates, slight skew accepted', async () => {
    const s = await sim({ ...opts, sessions: 30 });
    const c = client(s, { pageSize: 10, dialect: name });
    await c.detectDialect();
    const firstPageIds = s.model.sessions().slice(0, 3).map((x) => x.id);
    // Close sessions of page 0 just before page 1 is requested: every later session shifts left.
    const onRequest = (message: unknown) => {
      const { request } = message as { request: { path: string } };
      if (request.path.includes('page[number]=1') || request.path.includes('range=10-19')) for (const id of firstPageIds) s.model.close(id);
    };
    diagnostics.subscribe('undici:request:create', onRequest);
    let list;
    try {
      list = await c.listSessions();
    } finally {
      diagnostics.unsubscribe('undici:request:create', onRequest);
    }
    const ids = list.sessions.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(27 - 3);
    expect(ids.length).toBeLessThanOrEqual(30);
    const next = await c.listSessions();
    expect(next.sessions).toHaveLength(27);
  });

  it('a server whose paging is broken (every page is the first): an error naming the host, not the first page as the whole list', async () => {
    const s = await sim({ ...opts, sessions: 25 });
    const c = client(s, { pageSize: 10, dialect: name });
    s.faults.firstPageOnly = true;
    const rec = recordRequests();
    let e;
    try {
      e = await failure(c.listSessions());
    } finally {
      rec.stop();
    }
    expect(e.message).toBe(`127.0.0.1:${s.port} answered page 2 of the session list with the same 10 sessions as before: its paging looks broken; nothing was shown from this poll`);
    expect(e.kind).toBe('bad-response');
    expect(sessionRequests(rec.sent)).toHaveLength(2);
    // Mended: the next poll reads the whole list.
    s.faults.firstPageOnly = false;
    expect((await c.listSessions()).sessions).toHaveLength(25);
  });

  it('exactly a page of sessions, and a page more than that, are read whole, poll after poll', async () => {
    // MaxScale does not cut a list that fits one page: every page number then answers with all of
    // it (the simulator does the same), so the second page repeats the first.
    const s = await sim({ ...opts, sessions: 10 });
    const c = client(s, { pageSize: 10, dialect: name });
    for (let poll = 0; poll < 3; poll++) expect((await c.listSessions()).sessions).toHaveLength(10);
    s.model.addSession({ user: 'late' });
    expect((await c.listSessions()).sessions).toHaveLength(11);
    s.model.close(s.model.sessions()[0].id);
    expect((await c.listSessions()).sessions).toHaveLength(10);
  });

  it('broken paging with fewer sessions than a page is not noticed, and needs not be: the first page is the list', async () => {
    const s = await sim({ ...opts, sessions: 9 });
    s.faults.firstPageOnly = true;
    expect((await client(s, { pageSize: 10, dialect: name }).listSessions()).sessions).toHaveLength(9);
  });

  it('reads one session and its connections on demand', async () => {
    const s = await sim(opts);
    const injected = s.model.addSession({ user: 'etl', servers: ['db-serv-01', 'db-serv-02'], queries: ['SELECT 2', 'SELECT 1'] });
    const c = client(s);
    const one = await c.getSession(injected.id);
    expect(one).toMatchObject({ id: injected.id, user: 'etl' });
    const connections = await c.getConnections(injected.id);
    expect(connections.map((x) => x.server)).toEqual(['db-serv-01', 'db-serv-02']);
    if (name === 'v1') {
      expect(one.connections?.map((x) => x.backendConnectionId)).toEqual(injected.connections.map((x) => x.connectionId));
      expect(one.queries?.map((q) => q.statement)).toEqual(['SELECT 2', 'SELECT 1']);
      expect(one.client?.attributes).toBeTruthy();
      const servers = await c.getServers();
      expect(servers.map((x) => x.name)).toContain('db-serv-01');
      expect(servers.every((x) => typeof x.statistics.connections === 'number')).toBe(true);
    } else {
      expect(connections[0].statistics).toMatchObject({ reads: expect.any(Number), writes: expect.any(Number) });
      expect((await failure(c.getServers())).kind).toBe('not-supported');
    }
  });

  it('an unknown session is not-found', async () => {
    const c = client(await sim(opts));
    const e = await failure(c.getSession(999_999));
    expect(e.kind).toBe('not-found');
    expect(e.message).toContain('session 999999 not found');
  });

  it('closes a session (200 or 204) and reports a second close as already closed', async () => {
    const s = await sim(opts);
    const victim = s.model.addSession({ user: 'runaway' });
    const c = client(s);
    const result = await c.closeSession(victim.id);
    expect(result).toMatchObject({ outcome: 'closed', id: victim.id, status: name === 'v1' ? 200 : 204 });
    expect(s.model.get(victim.id)).toBeUndefined();
    const e = await failure(c.closeSession(victim.id));
    expect(e.kind).toBe('not-found');
    expect(e.message).toBe(`session ${victim.id} on 127.0.0.1:${s.port} is already closed`);
  });

  it('ttl: scheduled in v1, refused without sending anything in seed', async () => {
    const s = await sim(opts);
    const victim = s.model.addSession({ user: 'later' });
    const c = client(s);
    if (name === 'v1') {
      expect(await c.closeSession(victim.id, { ttl: 30 })).toMatchObject({ outcome: 'scheduled', ttl: 30, status: 200 });
      expect(s.model.get(victim.id)).toBeDefined();
      s.clock.advance(31);
      expect(s.model.get(victim.id)).toBeUndefined();
    } else {
      const e = await failure(c.closeSession(victim.id, { ttl: 30 }));
      expect(e.kind).toBe('not-supported');
      expect(s.model.get(victim.id)).toBeDefined();
    }
    expect((await failure(c.closeSession(victim.id, { ttl: -1 }))).message).toContain('invalid ttl');
  });

  it('auth: wrong password, then fixed credentials on the server side', async () => {
    const s = await sim(opts);
    s.setAuth({ user: 'admin', password: 'other' });
    const c = client(s);
    const e = await failure(c.listSessions());
    expect(e.kind).toBe('auth');
    expect(e.message).toBe(`127.0.0.1:${s.port} refused the login: wrong user or password`);
    expect(e.message).not.toContain('mariadb');
    s.setAuth({ user: 'admin', password: 'mariadb' });
    expect((await c.listSessions()).sessions.length).toBeGreaterThan(0);
  });

  it("a password that is also a word or number of sesstop's own message leaves the message whole", async () => {
    const s = await sim(opts);
    // The password is a word of the 401 message: it must not be masked (masking would also reveal it).
    for (const password of ['wrong', 'password', 'login']) {
      s.setAuth({ user: 'admin', password: 'not-this-one' });
      const e = await failure(client(s, { password }).listSessions());
      expect(e.message).toBe(`127.0.0.1:${s.port} refused the login: wrong user or password`);
    }
    // The password is the port: an unreachable host keeps its address.
    const port = String(s.port);
    s.setAuth({ user: 'admin', password: port });
    await s.close();
    const e = await failure(client(s, { password: port }).listSessions());
    expect(e.kind).toBe('unreachable');
    expect(e.message).toContain(`127.0.0.1:${port}`);
    expect(e.message).not.toContain('***');
  });

  it("a server's error detail that repeats the password is withheld whole, the rest of the message kept", async () => {
    const s = await sim(opts);
    s.faults.rawReply = { status: 500, body: JSON.stringify({ errors: [{ detail: 'login admin/mariadb rejected by policy' }] }) };
    const e = await failure(client(s).listSessions());
    expect(e.message).toBe(`127.0.0.1:${s.port} failed with HTTP 500: (the server's message is withheld: it contains the password)`);
    s.faults.rawReply = { status: 500, body: JSON.stringify({ errors: [{ detail: 'disk full' }] }) };
    expect((await failure(client(s).listSessions())).message).toBe(`127.0.0.1:${s.port} failed with HTTP 500: disk full`);
  });

  it('a read-only account may list but not close', async () => {
    const s = await sim({ ...opts, readOnlyUser: { user: 'viewer', password: 'look' } });
    const victim = s.model.addSession();
    const c = client(s, { user: 'viewer', password: 'look' });
    await c.listSessions();
    const e = await failure(c.closeSession(victim.id));
    expect(e.kind).toBe('forbidden');
    expect(e.status).toBe(403);
    expect(e.message).toContain('may not close sessions');
    expect(s.model.get(victim.id)).toBeDefined();
  });

  it('faults: 500s with the detail, malformed bodies, dropped connections, hangs, oversize', async () => {
    const s = await sim(opts);
    const c = client(s, { maxBodyBytes: 256 * 1024 });
    await c.detectDialect();
    // Only the hang uses a short deadline, so a busy machine cannot fail the other cases.
    const quick = client(s, { timeoutMs: 300, dialect: name });

    s.faults.errorRate = 1;
    const e500 = await failure(c.listSessions());
    expect(e500.kind).toBe('server-error');
    expect(e500.message).toContain('Simulated internal error (fault injection)');
    s.faults.errorRate = 0;

    s.faults.malformedRate = 1;
    expect((await failure(c.listSessions())).kind).toBe('bad-response');
    s.faults.malformedRate = 0;

    s.faults.dropRate = 1;
    const dropped = await failure(c.listSessions());
    expect(dropped.kind).toBe('unreachable');
    expect(dropped.message).toContain('connection closed before the response was complete');
    s.faults.dropRate = 0;

    s.faults.padBytes = 300 * 1024;
    expect((await failure(c.listSessions())).message).toContain('response larger than 256 KiB');
    s.faults.padBytes = 0;

    s.faults.hang = true;
    expect((await failure(quick.listSessions())).kind).toBe('timeout');
    s.faults.hang = false;

    expect((await c.listSessions()).sessions.length).toBeGreaterThan(0);
  });

  it('survives a restart of the server on the same port', async () => {
    const s = await sim(opts);
    const c = client(s);
    const before = await c.listSessions();
    await s.stop();
    const down = await failure(c.listSessions());
    expect(down.kind).toBe('unreachable');
    await s.restart();
    const after = await c.listSessions();
    expect(after.sessions.map((x) => x.id)).toEqual(before.sessions.map((x) => x.id));
  });

  it('hands hostile text through verbatim (the UI sanitises), and never fails on it', async () => {
    const s = await sim(opts);
    const evil = s.model.addSession({ user: '\u001b[31mevil\u0007', address: '\u202e10.0.0.1' });
    const list = await client(s).listSessions();
    expect(list.sessions.find((x) => x.id === evil.id)?.user).toBe('\u001b[31mevil\u0007');
  });
});

describe('target forms', () => {
  it('[::1]:PORT reaches an IPv6 loopback server; http://HOST:PORT works too', async () => {
    const s = await sim({ host: '::1' });
    const c = createClient({ target: `[::1]:${s.port}`, user: 'admin', password: 'mariadb' });
    clients.push(c);
    const list = await c.listSessions();
    expect(list.target).toBe(`[::1]:${s.port}`);
    expect(list.sessions[0].key.startsWith(`[::1]:${s.port}#`)).toBe(true);
    const v4 = await sim();
    const u = createClient({ target: `http://127.0.0.1:${v4.port}/`, user: 'admin', password: 'mariadb' });
    clients.push(u);
    expect((await u.listSessions()).sessions.length).toBeGreaterThan(0);
  });
});

describe('never two list polls in flight to one target', () => {
  it('a second call while one runs shares it', async () => {
    const s = await sim({ dialects: ['v1'] });
    const c = client(s, { dialect: 'v1' });
    s.faults.latencyMs = 50;
    const rec = recordRequests();
    let a, b;
    try {
      [a, b] = await Promise.all([c.listSessions(), c.listSessions()]);
    } finally {
      rec.stop();
    }
    expect(a).toBe(b);
    expect(sessionRequests(rec.sent)).toHaveLength(1);
    expect(rec.sent.filter((r) => r.path === '/v1/maxscale')).toHaveLength(1);
  });
});
