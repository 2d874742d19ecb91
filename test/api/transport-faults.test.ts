// Transport faults the simulator cannot produce (DNS, resets at chosen moments, TLS codes),
// injected with undici's MockAgent. Everything else is tested against real servers.
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { ApiError, type SessionsClient } from '../../src/api/types.js';
import { failure } from './helpers/failure.js';

const T = 'mx-mock:8989';
const ORIGIN = 'http://mx-mock:8989';
const PASSWORD = 'hunter2-secret';
let agent: MockAgent;

const codeError = (code: string, message = code) => Object.assign(new Error(message), { code });
const anyPath = { path: (_: string) => true };

function client(dialect: 'v1' | 'seed' = 'v1'): SessionsClient {
  return createClient({ target: T, user: 'admin', password: PASSWORD, dialect }, { dispatcher: agent });
}


beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  await agent.close();
});

describe('transport faults become typed, one-line errors without the password', () => {
  it.each([
    [codeError('ENOTFOUND', `getaddrinfo ENOTFOUND mx-mock`), 'unreachable', 'host name not found'],
    [codeError('EAI_AGAIN'), 'unreachable', 'temporary DNS failure'],
    [codeError('ECONNREFUSED'), 'unreachable', 'connection refused'],
    [new AggregateError([codeError('ECONNREFUSED'), codeError('ECONNREFUSED')], 'all failed'), 'unreachable', 'connection refused'],
    [codeError('UND_ERR_CONNECT_TIMEOUT'), 'timeout', 'timeout'],
    [codeError('UND_ERR_HEADERS_TIMEOUT'), 'timeout', 'timeout'],
    [codeError('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls', '--tls-ca-cert'],
    // Not a CA problem: the hint is to use a name the certificate holds.
    [codeError('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls', 'does not match the host name (connect by a name the certificate holds, or give --tls-verify-server-cert=false'],
    [codeError('ERR_SSL_WRONG_VERSION_NUMBER'), 'tls', 'does it serve HTTPS'],
    [codeError('HPE_INVALID_CONSTANT'), 'bad-response', 'not valid HTTP'],
  ])('%s → %s', async (error, kind, text) => {
    agent.get(ORIGIN).intercept({ ...anyPath, method: 'GET' }).replyWithError(error).times(2);
    const e = await failure(client().listSessions());
    expect(e.kind).toBe(kind);
    expect(e.target).toBe(T);
    expect(e.message).toContain(T);
    expect(e.message).toContain(text);
    expect(e.message).not.toContain(PASSWORD);
    expect(e.message).not.toMatch(/\n/);
  });

  it('a reset on a reused keep-alive socket is retried once for a GET', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ ...anyPath, method: 'GET' }).replyWithError(codeError('ECONNRESET'));
    pool.intercept({ ...anyPath, method: 'GET' }).reply(200, { data: [] }, { headers: { 'content-type': 'application/json' } });
    const list = await client().listSessions();
    expect(list.sessions).toEqual([]);
  });

  it('two resets in a row are reported, not retried forever', async () => {
    agent.get(ORIGIN).intercept({ ...anyPath, method: 'GET' }).replyWithError(codeError('ECONNRESET')).times(2);
    const e = await failure(client().listSessions());
    expect(e.kind).toBe('unreachable');
    expect(e.message).toBe(`cannot reach ${T}: connection reset by the server`);
  });

  it('a DELETE that meets a reset is never resent', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/v1/sessions/5', method: 'DELETE' }).replyWithError(codeError('ECONNRESET'));
    pool.intercept({ path: '/v1/sessions/5', method: 'DELETE' }).reply(200, '');
    const e = await failure(client().closeSession(5));
    expect(e.kind).toBe('unreachable');
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });

  it('sends Basic auth in a header, never in the URL', async () => {
    let seen: Record<string, string> = {};
    let path = '';
    agent
      .get(ORIGIN)
      .intercept({ ...anyPath, method: 'GET' })
      .reply((opts) => {
        seen = opts.headers as Record<string, string>;
        path = opts.path;
        return { statusCode: 200, data: { data: [] } };
      });
    await client().listSessions();
    expect(seen.authorization).toBe(`Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`);
    expect(path).not.toContain(PASSWORD);
    expect(path).not.toContain('admin');
  });

  it('a server echoing the password in an error detail has that detail withheld', async () => {
    agent
      .get(ORIGIN)
      .intercept({ ...anyPath, method: 'GET' })
      .reply(500, { errors: [{ detail: `bad password ${PASSWORD} for admin` }] });
    const e = await failure(client().listSessions());
    expect(e.kind).toBe('server-error');
    expect(e.message).toBe(`${T} failed with HTTP 500: (the server's message is withheld: it contains the password)`);
    expect(e.message).not.toContain(PASSWORD);
  });
});
