// The hostile server and the recording proxy, proven before sesstop relies on them.
import { afterEach, describe, expect, it } from 'vitest';
import { HUGE_BODY_BYTES, VALID_MARKER_USER, startHostileServer, type HostileServer } from './harness/hostile-server.js';
import { startRecordingProxy, type RecordingProxy } from './harness/recording-proxy.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';

const auth = { authorization: `Basic ${Buffer.from('admin:mariadb').toString('base64')}` };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hostile(): Promise<HostileServer> {
  const server = await startHostileServer();
  cleanups.push(() => server.close());
  return server;
}

describe.sequential('hostile server', () => {
  it('serves a valid list, then wrong types, deep nesting and a 50 MB body on demand', async () => {
    const server = await hostile();
    const valid = (await (await fetch(`${server.url}/sessions`)).json()) as { user: string }[];
    expect(valid.map((s) => s.user)).toContain(VALID_MARKER_USER);

    server.mode = 'wrong-types';
    const wrong = (await (await fetch(`${server.url}/sessions`)).json()) as unknown[];
    expect(wrong).toContainEqual(expect.objectContaining({ id: 'seven', idle: 'forever' }));

    server.mode = 'deep-nesting';
    const deep = await (await fetch(`${server.url}/sessions`)).text();
    expect(deep.startsWith('[[[[')).toBe(true);
    expect(deep.length).toBe(400_000);

    server.mode = 'huge-body';
    const huge = await fetch(`${server.url}/sessions`);
    const size = Number(huge.headers.get('content-length'));
    await huge.body?.cancel();
    expect(size).toBeGreaterThanOrEqual(HUGE_BODY_BYTES);
    expect(size).toBeLessThan(HUGE_BODY_BYTES + 1024 * 1024);
    expect(server.listRequests).toMatchObject({ valid: 1, 'wrong-types': 1, 'deep-nesting': 1, 'huge-body': 1 });
  });
});

describe.sequential('recording proxy', () => {
  let sims: Simulator[] = [];
  afterEach(async () => {
    await Promise.all(sims.map((s) => s.close()));
    sims = [];
  });

  it('forwards to the simulator, records DELETEs, and follows an upstream swap (ids reused)', async () => {
    const first = await startSimulator({ sessions: 3, seed: 5 });
    const second = await startSimulator({ sessions: 3, seed: 6 });
    sims = [first, second];
    const proxy: RecordingProxy = await startRecordingProxy(first.url);
    cleanups.push(() => proxy.close());

    const list = (await (await fetch(`${proxy.url}/sessions`, { headers: auth })).json()) as { id: number }[];
    expect(list.map((s) => s.id)).toEqual(first.model.sessions().map((s) => s.id));
    const victim = list[0].id;
    const closed = await fetch(`${proxy.url}/sessions/${victim}`, { method: 'DELETE', headers: auth });
    expect(closed.status).toBe(204);
    expect(first.model.get(victim)).toBeUndefined();

    proxy.setUpstream(second.url);
    const again = (await (await fetch(`${proxy.url}/sessions`, { headers: auth })).json()) as { id: number }[];
    expect(again.map((s) => s.id)).toContain(victim);
    expect(proxy.deletes()).toEqual([{ method: 'DELETE', path: `/sessions/${victim}`, status: 204, done: true }]);
  });

  it('resets the connection while its upstream is down', async () => {
    const sim = await startSimulator({ sessions: 1 });
    sims = [sim];
    const proxy = await startRecordingProxy(sim.url);
    cleanups.push(() => proxy.close());
    await sim.stop();
    await expect(fetch(`${proxy.url}/sessions`, { headers: auth })).rejects.toThrow();
  });
});
