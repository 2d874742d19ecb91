// Real loopback servers that misbehave in ways the simulator does not: not MaxScale at all,
// oversized, truncated or never-ending answers.
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { ApiError, type ClientOptions } from '../../src/api/types.js';
import type { Session } from '../../src/core/model.js';
import { closedPort, json, startTinyServer, type TinyServer } from './helpers/tiny-server.js';
import { failure } from './helpers/failure.js';
import { safeCloseSession } from '../../src/api/safe-close.js';

const servers: TinyServer[] = [];
const clients: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof startTinyServer>[0]): Promise<TinyServer> {
  const s = await startTinyServer(handler);
  servers.push(s);
  return s;
}

function clientFor(target: string, extra: Partial<ClientOptions> = {}) {
  const c = createClient({ target, user: 'admin', password: 'mariadb', ...extra });
  clients.push(c);
  return c;
}


describe('targets that are not MaxScale', () => {
  it('an HTML page', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body>It works!</body></html>');
    });
    const e = await failure(clientFor(s.target).listSessions());
    expect(e.kind).toBe('not-maxscale');
    expect(e.message).toBe(`${s.target} does not look like a MaxScale REST API: it answered an HTML page (HTTP 200); check the host and port (default 8989)`);
  });

  it('a MaxScale that answers 403 to every read: a permission failure, not "not MaxScale"', async () => {
    const s = await serve((_req, res) => json(res, 403, { errors: [{ detail: 'Administrative access required' }] }));
    const e = await failure(clientFor(s.target).listSessions());
    expect(e.kind).toBe('forbidden');
    expect(e.message).toBe(`${s.target} refused: this account may not read the sessions (check its permissions in MaxScale): Administrative access required`);
  });

  it('--api v1 against a server without /v1 (a seed-only one): a 404 on the list names the list, not a closed session', async () => {
    const s = await serve((_req, res) => json(res, 404, { error: 'Not Found' }));
    const e = await failure(clientFor(s.target, { dialect: 'v1' }).listSessions());
    expect(e.kind).toBe('not-found');
    expect(e.message).toBe(`${s.target} answered HTTP 404 for the session list: check the host and port, and --api if given`);
  });

  it('another JSON service', async () => {
    const s = await serve((_req, res) => json(res, 200, { status: 'green', cluster: 'es' }));
    const e = await failure(clientFor(s.target).detectDialect());
    expect(e.kind).toBe('not-maxscale');
    expect(e.message).toContain('JSON that is not the MaxScale REST API');
  });

  it('a 404-everything server', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    const e = await failure(clientFor(s.target).listSessions());
    expect(e.kind).toBe('not-maxscale');
    expect(e.message).toContain('HTTP 404');
  });

  it('a redirect to https', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(301, { location: 'https://127.0.0.1/' });
      res.end();
    });
    const e = await failure(clientFor(s.target).listSessions());
    expect(e.kind).toBe('not-maxscale');
    expect(e.message).toContain('a redirect (HTTP 301; if it redirects to https, use --secure or https://)');
  });

  it('nothing listening', async () => {
    const e = await failure(clientFor(`127.0.0.1:${await closedPort()}`).listSessions());
    expect(e.kind).toBe('unreachable');
    expect(e.message).toContain('connection refused');
  });

  it('a wrong password (401 before any dialect is known)', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="maxscale"', 'content-type': 'application/json' });
      res.end('{"errors":[{"detail":"Access denied"}]}');
    });
    const e = await failure(clientFor(s.target).listSessions());
    expect(e.kind).toBe('auth');
    expect(e.message).toBe(`${s.target} refused the login: wrong user or password`);
  });
});

describe('oversized, truncated and stuck answers', () => {
  it('a 50 MB streamed body stops at the cap', async () => {
    let written = 0;
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked, no length
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const pump = () => {
        while (written < 50 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    });
    const e = await failure(clientFor(s.target, { dialect: 'v1', maxBodyBytes: 4 * 1024 * 1024 }).listSessions());
    expect(e.kind).toBe('bad-response');
    expect(e.message).toBe(`bad response from ${s.target}: response larger than 4 MiB, more than sesstop reads: check that this is a MaxScale REST API address`);
  });

  it('a declared length over the cap is refused before reading', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
      res.write('{"data":[');
    });
    const e = await failure(clientFor(s.target, { dialect: 'v1', maxBodyBytes: 1024 }).listSessions());
    expect(e.kind).toBe('bad-response');
    expect(e.message).toContain('response larger than 1 KiB');
  });

  it('a connection dropped mid-body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"data":[{"id":"1","type":"sessions","attr');
      setImmediate(() => res.socket?.destroy());
    });
    const e = await failure(clientFor(s.target, { dialect: 'v1' }).listSessions());
    expect(e.kind).toBe('unreachable');
    expect(e.message).toBe(`cannot reach ${s.target}: connection closed before the response was complete`);
  });

  it('a complete but truncated JSON document', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":[{"id":"1","type":"sess');
    });
    const e = await failure(clientFor(s.target, { dialect: 'v1' }).listSessions());
    expect(e.kind).toBe('bad-response');
    expect(e.message).toContain('not valid JSON');
  });

  it('a server that never answers hits the per-request deadline', async () => {
    const s = await serve(() => undefined);
    const e = await failure(clientFor(s.target, { dialect: 'v1', timeoutMs: 200 }).listSessions());
    expect(e.kind).toBe('timeout');
    expect(e.message).toContain(s.target);
  });

  it('a server that stalls mid-body hits the deadline too', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":[');
    });
    const e = await failure(clientFor(s.target, { dialect: 'v1', timeoutMs: 200 }).listSessions());
    expect(e.kind).toBe('timeout');
  });

  it('5xx details come from either error shape, sanitised', async () => {
    let shape = 0;
    const s = await serve((_req, res) =>
      shape++ === 0
        ? json(res, 503, { errors: [{ detail: 'Worker\u001b[2J overloaded\nretry' }] })
        : json(res, 500, { error: 'Internal', description: 'disk full' }),
    );
    const c = clientFor(s.target, { dialect: 'v1' });
    expect((await failure(c.listSessions())).message).toBe(`${s.target} failed with HTTP 503: Worker [2J overloaded retry`);
    const e = await failure(c.listSessions());
    expect(e.kind).toBe('server-error');
    expect(e.status).toBe(500);
    expect(e.message).toBe(`${s.target} failed with HTTP 500: Internal: disk full`);
  });
});

describe('a server that answers for another session', () => {
  const v1 = (id: number) => ({
    data: {
      id: String(id),
      type: 'sessions',
      attributes: { state: 'Session started', user: 'bob', remote: '192.0.2.4', port: 5006, connected: 'Fri, 05 Jan 2024 07:24:06 GMT', idle: 600 },
      relationships: { services: { data: [{ id: 'RW', type: 'services' }] } },
    },
  });
  const seed = (id: number) => ({ id, state: 'Session started', user: 'bob', address: '192.0.2.4', service: 'RW', connected: 'Fri Jan  5 07:24:06 2024', idle: 600 });

  for (const dialect of ['v1', 'seed'] as const) {
    it(`${dialect}: a request for session 5 answered with session 6 is refused, and nothing is deleted`, async () => {
      const deleted: string[] = [];
      const s = await serve((req, res) => {
        if (req.method === 'DELETE') {
          deleted.push(req.url ?? '');
          res.writeHead(204);
          res.end();
          return;
        }
        json(res, 200, dialect === 'v1' ? v1(6) : seed(6));
      });
      const client = clientFor(s.target, { dialect });
      const e = await failure(client.getSession(5));
      expect(e.kind).toBe('bad-response');
      expect(e.message).toBe(`${s.target} answered a request for session 5 with session 6`);
      // Session 5 as a list showed it, the same words as the answer's.
      const seen: Session = { key: `${s.target}#5`, id: 5, target: s.target, state: 'Session started', user: 'bob', address: '192.0.2.4', service: 'RW', connected: new Date('2024-01-05T07:24:06Z'), idle: 600, polledAt: Date.now(), backends: null };
      const outcome = await safeCloseSession(client, seen);
      expect(outcome.result).toBe('error');
      expect(outcome.message).toBe(`could not check session 5 on ${s.target} before closing it: ${s.target} answered a request for session 5 with session 6`);
      expect(deleted).toEqual([]);
    });
  }

  it('a DELETE whose connection is dropped without an answer is reported as maybe closed too', async () => {
    const s = await serve((req, res) => {
      if (req.method === 'DELETE') return void req.socket.destroy(); // acted on, perhaps; never answered
      json(res, 200, v1(5));
    });
    const client = clientFor(s.target, { dialect: 'v1' });
    const outcome = await safeCloseSession(client, await client.getSession(5));
    expect(outcome).toMatchObject({ result: 'error', uncertain: true });
    expect(outcome.message).toMatch(/^session 5 on .* may or may not be closed: /);
  });

  it('a DELETE that is never answered is reported as maybe closed, not as not closed', async () => {
    const s = await serve((req, res) => {
      if (req.method === 'DELETE') return; // sent, never answered
      json(res, 200, v1(5));
    });
    const client = clientFor(s.target, { dialect: 'v1', timeoutMs: 300 });
    const seen = await client.getSession(5);
    const outcome = await safeCloseSession(client, seen);
    expect(outcome.result).toBe('error');
    expect(outcome.message).toMatch(new RegExp(`^session 5 on ${s.target.replace(/\./g, '\\.')} may or may not be closed: .*; look for it again before retrying$`));
  });
});

describe('a list whose pages never end', () => {
  const v1Item = (id: number) => ({ id: String(id), type: 'sessions', attributes: { state: 'Session started', user: 'u', remote: '192.0.2.4', connected: 'Fri, 05 Jan 2024 07:24:06 GMT', idle: 1 } });
  const seedItem = (id: number) => ({ id, state: 'Session started', user: 'u', address: '192.0.2.4', service: 'RW', connected: 'Fri Jan  5 07:24:06 2024', idle: 1 });

  for (const dialect of ['v1', 'seed'] as const) {
    it(`${dialect}: every page brings new sessions: an error after the page limit, not a list silently cut short`, async () => {
      const s = await serve((req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (dialect === 'v1') {
          const page = Number(url.searchParams.get('page[number]') ?? 0);
          json(res, 200, { data: [v1Item(page + 1)], meta: { total: 1e9 }, links: { next: `/v1/sessions?page[number]=${page + 1}` } });
        } else {
          const [from] = (url.searchParams.get('range') ?? '0-0').split('-').map(Number);
          json(res, 200, [seedItem(from + 1)]);
        }
      });
      const c = createClient({ target: s.target, user: 'admin', password: 'mariadb', dialect, pageSize: 1 }, { maxPages: 20 });
      clients.push(c);
      const e = await failure(c.listSessions());
      expect(e.kind).toBe('bad-response');
      expect(e.message).toBe(`${s.target} was still sending new sessions after 20 pages (20 sessions): its paging looks broken; nothing was shown from this poll`);
    });
  }
});

