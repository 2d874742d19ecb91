// Behaviours of older MaxScale releases the simulator (24.08) does not have, served by a tiny
// loopback server: no paging, `fields[...]` rejected, DELETE unsupported.
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { safeCloseSession } from '../../src/api/safe-close.js';
import { ApiError, type SessionsClient } from '../../src/api/types.js';
import { recordRequests, sessionRequests } from './helpers/requests.js';
import { json, startTinyServer, type TinyServer } from './helpers/tiny-server.js';
import * as fx from './fixtures/v1-sessions.js';
import { failure } from './helpers/failure.js';

const servers: TinyServer[] = [];
const clients: SessionsClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface OldServerOptions {
  rejectFields?: boolean;
  deleteStatus?: number;
  /** What `GET /v1/maxscale` says the version is (default: no such resource, version unknown). */
  version?: string;
}

/** A pre-2.5 style server: whole list always, optional 400 on fields, DELETE answered `deleteStatus`. */
async function oldServer(opts: OldServerOptions): Promise<{ server: TinyServer; client: SessionsClient; live: Set<string> }> {
  const live = new Set(['7', '8']);
  const resources = () => [fx.v22, fx.v23].filter((r) => live.has(String(r.id)));
  const server = await startTinyServer((req, res) => {
    const url = req.url ?? '';
    if (opts.version !== undefined && url.startsWith('/v1/maxscale')) return json(res, 200, { data: { id: 'maxscale', type: 'maxscale', attributes: { version: opts.version } } });
    if (opts.rejectFields && url.includes('fields[')) return json(res, 400, { errors: [{ detail: 'Unknown parameter fields[sessions]' }] });
    const one = /^\/v1\/sessions\/(\d+)/.exec(url);
    if (req.method === 'DELETE') {
      if (opts.deleteStatus === 200 && one) live.delete(one[1]);
      res.writeHead(opts.deleteStatus ?? 405);
      return res.end();
    }
    if (one) {
      const r = resources().find((x) => String(x.id) === one[1]);
      if (!r) {
        res.writeHead(404);
        return res.end();
      }
      return json(res, 200, fx.one(r));
    }
    if (url.startsWith('/v1/sessions')) return json(res, 200, fx.list(resources()));
    json(res, 404, { errors: [{ detail: 'nope' }] });
  });
  servers.push(server);
  const client = createClient({ target: server.target, user: 'admin', password: 'mariadb', pageSize: 1 });
  clients.push(client);
  return { server, client, live };
}


describe('older MaxScale releases', () => {
  it('a server that ignores paging: the whole array is taken in one request', async () => {
    const { client } = await oldServer({});
    await client.detectDialect();
    const rec = recordRequests();
    try {
      const list = await client.listSessions();
      expect(list.sessions.map((s) => s.id)).toEqual([7, 8]);
      expect(list.version).toBeUndefined(); // no /v1/maxscale here: unknown, not an error
    } finally {
      rec.stop();
    }
    expect(sessionRequests(rec.sent)).toHaveLength(1);
  });

  it('a server that rejects fields[…]: retried once without, and remembered', async () => {
    const { client } = await oldServer({ rejectFields: true });
    expect(await client.detectDialect()).toBe('v1');
    const rec = recordRequests();
    try {
      expect((await client.listSessions()).sessions).toHaveLength(2);
      expect((await client.listSessions()).sessions).toHaveLength(2);
    } finally {
      rec.stop();
    }
    expect(sessionRequests(rec.sent).map((r) => r.path.includes('fields['))).toEqual([true, false, false]);
  });

  it.each([405, 501])('DELETE answered %i: this MaxScale cannot close sessions', async (status) => {
    const { client } = await oldServer({ deleteStatus: status });
    const e = await failure(client.closeSession(7));
    expect(e.kind).toBe('close-unsupported');
    expect(e.message).toContain('cannot close sessions over its REST API');
  });

  it('DELETE answered 404 while the session still reads back: close unsupported, not "already gone"', async () => {
    const { client } = await oldServer({ deleteStatus: 404 });
    const e = await failure(client.closeSession(7));
    expect(e.kind).toBe('close-unsupported');
  });

  it('DELETE answered 404 and the session is gone too: already closed', async () => {
    const { client } = await oldServer({ deleteStatus: 404 });
    const e = await failure(client.closeSession(9));
    expect(e.kind).toBe('not-found');
    expect(e.message).toContain('session 9');
    expect(e.message).toContain('is already closed');
  });

  it.each(['2.5.29', '6.4.15', '22.02.1'])('a version without closing (%s): DELETE answered 404 is close-unsupported, the session there or not', async (version) => {
    const { client } = await oldServer({ deleteStatus: 404, version });
    for (const id of [7, 9]) {
      const e = await failure(client.closeSession(id));
      expect(e.kind).toBe('close-unsupported');
      expect(e.message).toContain('closing needs MaxScale 22.08 or later');
    }
  });

  it.each(['22.08.0', '23.02.11', '24.08.3'])('a version that closes sessions (%s): DELETE answered 404 is already closed, even if it still reads back', async (version) => {
    const { client } = await oldServer({ deleteStatus: 404, version });
    for (const id of [7, 9]) {
      const e = await failure(client.closeSession(id));
      expect(e.kind).toBe('not-found');
      expect(e.message).toBe(`session ${id} on ${client.target} is already closed`);
    }
  });

  it('safeCloseSession reports close-unsupported as an error and says why', async () => {
    const { client } = await oldServer({ deleteStatus: 404 });
    const seen = (await client.listSessions()).sessions.find((s) => s.id === 7)!;
    const out = await safeCloseSession(client, seen);
    expect(out.result).toBe('error');
    expect(out.error?.kind).toBe('close-unsupported');
    expect(out.message).toContain('closing needs MaxScale 22.08 or later');
  });

  it('DELETE answered 200 with an empty body is a close', async () => {
    const { client, live } = await oldServer({ deleteStatus: 200 });
    expect(await client.closeSession(8)).toMatchObject({ outcome: 'closed', status: 200 });
    expect(live.has('8')).toBe(false);
  });

  it('a seed server that ignores range: the whole array is taken once, not re-read forever', async () => {
    const all = [1, 2, 3, 4, 5].map((id) => ({ id, state: 'Session started', user: 'u', address: 'a', service: '/services/s', connected: 'Wed Aug 31 03:03:12 2016', idle: 1 }));
    const server = await startTinyServer((req, res) => {
      if (req.url?.startsWith('/sessions')) return json(res, 200, all);
      json(res, 404, { error: 'Not Found', description: 'no' });
    });
    servers.push(server);
    const client = createClient({ target: server.target, user: 'admin', password: 'mariadb', pageSize: 2, dialect: 'seed' });
    clients.push(client);
    const rec = recordRequests();
    try {
      expect((await client.listSessions()).sessions.map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      rec.stop();
    }
    expect(rec.sent).toHaveLength(1);
  });
});
