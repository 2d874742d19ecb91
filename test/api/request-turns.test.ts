// Requests to one target take turns on its one connection, and --timeout is per request: the
// deadline (and the reading window's start, sentAt) begins when a request gets the connection,
// not while it waits behind another (a list poll behind a slow detail read).
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { createClient } from '../../src/api/client.js';
import { createTransport, type HttpTransport } from '../../src/api/transport.js';
import type { SessionsClient } from '../../src/api/types.js';
import { failure } from './helpers/failure.js';

const sims: Simulator[] = [];
const closers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

const TIMEOUT_MS = 1000;
// Every answer takes LATENCY_MS, a detail read DETAIL_EXTRA_MS more: each well within the
// timeout (750 and 500 ms), a list waiting behind a detail read well past it (1250 ms).
const LATENCY_MS = 500;
const DETAIL_EXTRA_MS = 250;
const SESSIONS = 12;

async function sim(dialect: 'v1' | 'seed'): Promise<Simulator> {
  const s = await startSimulator({ sessions: SESSIONS, seed: 31, churn: false, dialects: [dialect] });
  sims.push(s);
  return s;
}

function client(s: Simulator, dialect: 'v1' | 'seed', timeoutMs = TIMEOUT_MS): SessionsClient {
  const c = createClient({ target: `127.0.0.1:${s.port}`, user: 'admin', password: 'mariadb', dialect, timeoutMs });
  closers.push(c);
  return c;
}

/** Resolves once the simulator has received a request more than `before`: it is on the connection. */
async function received(s: Simulator, before: number): Promise<void> {
  while (s.requestCount === before) await new Promise((r) => setTimeout(r, 2));
}

describe('a request waiting for the connection', () => {
  it.each([
    ['v1', '/v1/sessions/'],
    ['seed', '/sessions/'],
  ] as const)('%s: a list poll issued during a slow detail read gets its whole timeout once sent', async (dialect, detailPrefix) => {
    const s = await sim(dialect);
    s.faults.latencyMs = LATENCY_MS;
    s.faults.slowPath = { pathPrefix: detailPrefix, delayMs: DETAIL_EXTRA_MS };
    const c = client(s, dialect);
    const id = s.model.sessions()[3].id;
    const before = s.requestCount;
    const detail = c.getSession(id);
    await received(s, before);
    const started = performance.now();
    const [session, list] = await Promise.all([detail, c.listSessions()]);
    expect(session.id).toBe(id);
    expect(list.sessions).toHaveLength(SESSIONS);
    // The premise: waiting and answering together took longer than one timeout.
    expect(performance.now() - started).toBeGreaterThan(TIMEOUT_MS);
  });

  it('is sent (sentAt) when its turn comes, so its reading window is its own answer time', async () => {
    const s = await sim('v1');
    s.faults.latencyMs = LATENCY_MS;
    s.faults.slowPath = { pathPrefix: '/v1/sessions/', delayMs: DETAIL_EXTRA_MS };
    const t: HttpTransport = createTransport({
      target: `127.0.0.1:${s.port}`,
      origin: s.url,
      basePath: '',
      user: 'admin',
      password: 'mariadb',
      timeoutMs: 10_000,
      maxBodyBytes: 1 << 20,
    });
    closers.push(t);
    const id = s.model.sessions()[0].id;
    const [detail, list] = await Promise.all([t.request('GET', `/v1/sessions/${id}`), t.request('GET', '/v1/sessions?page[size]=100')]);
    expect(detail.status).toBe(200);
    expect(list.status).toBe(200);
    expect(list.sentAt).toBeGreaterThanOrEqual(detail.receivedAt);
    expect(list.receivedAt - list.sentAt).toBeLessThan(LATENCY_MS + DETAIL_EXTRA_MS);
  });

  it('gets the connection when the read before it times out, and its own timeout from then', async () => {
    const s = await sim('v1');
    s.faults.latencyMs = LATENCY_MS;
    s.faults.slowPath = { pathPrefix: '/v1/sessions/', delayMs: TIMEOUT_MS };
    const c = client(s, 'v1');
    const before = s.requestCount;
    const detail = failure(c.getSession(s.model.sessions()[0].id));
    await received(s, before);
    const list = c.listSessions();
    expect((await detail).kind).toBe('timeout');
    expect((await list).sessions).toHaveLength(SESSIONS);
  });

  it('waits at most one timeout for its turn: reads piling up behind a silent host fail together, not one timeout after another', async () => {
    const s = await sim('v1');
    s.faults.hang = true;
    const c = client(s, 'v1');
    const before = s.requestCount;
    const started = performance.now();
    const first = failure(c.getSession(s.model.sessions()[0].id));
    await received(s, before);
    // A detail read after every poll while the host says nothing.
    const queued = Array.from({ length: 5 }, (_, i) => failure(c.getSession(s.model.sessions()[i + 1].id)));
    const errors = await Promise.all([first, ...queued]);
    expect(errors.map((e) => e.kind)).toEqual(Array(6).fill('timeout'));
    expect(errors.every((e) => e.message === `no answer from 127.0.0.1:${s.port} in time (timeout); is it overloaded or behind a firewall?`)).toBe(true);
    // The one whose turn came as the first timed out has its own timeout; the rest gave up
    // waiting: about two timeouts in all (one after another: six), and two reads sent at most.
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS * 3);
    expect(s.requestCount).toBeLessThanOrEqual(before + 2);
  });

  it('fails at once, with the usual one-line error, when the client is closed', async () => {
    const s = await sim('v1');
    s.faults.hang = true;
    const c = client(s, 'v1', 10_000);
    const target = `127.0.0.1:${s.port}`;
    const before = s.requestCount;
    const hung = failure(c.getSession(s.model.sessions()[0].id));
    await received(s, before);
    const waiting = failure(c.listSessions());
    await new Promise((r) => setTimeout(r, 50));
    const closedAt = performance.now();
    await c.close();
    const e = await waiting;
    expect(performance.now() - closedAt).toBeLessThan(500);
    expect(e.kind).toBe('unreachable');
    expect(e.message).toBe(`cannot reach ${target}: connection closed`);
    expect((await hung).kind).toBe('unreachable');
    // Only the hung read ever reached the server.
    expect(s.requestCount).toBe(before + 1);
  });
});
