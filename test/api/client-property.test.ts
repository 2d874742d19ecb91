// Property-based, end to end: whatever bytes a server answers with, the client resolves or
// rejects with an ApiError (never an untyped exception, never a hang).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { ApiError, type SessionsClient } from '../../src/api/types.js';
import { startTinyServer, type TinyServer } from './helpers/tiny-server.js';
import * as fx from './fixtures/v1-sessions.js';

let server: TinyServer;
let next: { status: number; body: Buffer } = { status: 200, body: Buffer.from('{}') };
const clients: Record<'v1' | 'seed', SessionsClient> = {} as Record<'v1' | 'seed', SessionsClient>;

beforeAll(async () => {
  server = await startTinyServer((_req, res) => {
    res.writeHead(next.status, { 'content-type': 'application/json', 'content-length': next.body.length });
    res.end(next.body);
  });
  for (const dialect of ['v1', 'seed'] as const) {
    clients[dialect] = createClient({ target: server.target, user: 'admin', password: 'mariadb', dialect, maxBodyBytes: 64 * 1024 });
  }
});
afterAll(async () => {
  await Promise.all(Object.values(clients).map((c) => c.close()));
  await server.close();
});

const valid = JSON.stringify(fx.list([fx.v22, fx.v2302, fx.v2408]));
const bodies = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
  fc.integer({ min: 0, max: valid.length }).map((cut) => valid.slice(0, cut)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.integer({ min: 1, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.constant('x'.repeat(70 * 1024)),
);

describe('client end to end under hostile bodies', () => {
  it('only ApiErrors, for every status and body', async () => {
    await fc.assert(
      fc.asyncProperty(
        bodies,
        fc.constantFrom(200, 200, 200, 204, 400, 401, 403, 404, 405, 500, 503),
        fc.constantFrom('v1' as const, 'seed' as const),
        fc.constantFrom('list', 'one', 'connections', 'close', 'servers'),
        async (body, status, dialect, op) => {
          next = { status, body: Buffer.from(body, 'utf8') };
          const c = clients[dialect];
          try {
            if (op === 'list') await c.listSessions();
            else if (op === 'one') await c.getSession(3);
            else if (op === 'connections') await c.getConnections(3);
            else if (op === 'close') await c.closeSession(3);
            else await c.getServers();
          } catch (e) {
            expect(e).toBeInstanceOf(ApiError);
            expect((e as ApiError).message).not.toMatch(/[\u0000-\u001f]/);
            expect((e as ApiError).message).toContain(server.target);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
