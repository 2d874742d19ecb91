// Batch mode of the built command against a simulator: every format parsed back and checked
// against the simulator's model; filters, sort, iterations, stdout-not-a-TTY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { ensureBuilt, runSesstop, tempHome } from './helpers/run.js';
import { FIXED_SESSIONS, hostOf, startFixedSim } from './helpers/sim.js';

let sim: Simulator;
let home: ReturnType<typeof tempHome>;
let host: string;

beforeAll(async () => {
  ensureBuilt();
  home = tempHome();
  sim = await startFixedSim(FIXED_SESSIONS);
  host = hostOf(sim);
});
afterAll(async () => {
  await sim.close();
  home.cleanup();
});

const run = (args: string[], env?: Record<string, string | undefined>) => runSesstop(['-h', host, ...args], home.home, { env });

function modelSessions() {
  return [...sim.model.sessions()].map((s) => ({ id: s.id, user: s.user, address: s.address, service: s.service }));
}

describe('batch formats', () => {
  it('json: one document with the hosts and every session of the model', async () => {
    const r = await run(['--once', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { fetchedAt: string; hosts: Array<{ target: string; status: string }>; sessions: any[] };
    expect(doc.hosts).toEqual([expect.objectContaining({ target: host, status: 'ok' })]);
    expect(Number.isNaN(Date.parse(doc.fetchedAt))).toBe(false);
    const got = doc.sessions.map((s) => ({ id: s.id, user: s.user, address: s.address, service: s.service }));
    expect(got.sort((a, b) => a.id - b.id)).toEqual(modelSessions());
    // Default sort: idle, longest first.
    const idles = doc.sessions.map((s) => s.idle as number);
    expect(idles).toEqual([...idles].sort((a, b) => b - a));
    expect(doc.sessions[0]).toMatchObject({ user: 'bob', key: `${host}#${doc.sessions[0].id}`, target: host });
    expect(doc.sessions[0].idle).toBeCloseTo(18120, 0);
  });

  it('ndjson: one session per line', async () => {
    const r = await run(['--format', 'ndjson', '--sort', 'user']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(FIXED_SESSIONS.length);
    expect(lines.map((s) => s.user)).toEqual(['alice', 'app', 'app', 'bob', 'carol']);
    expect(lines.map((s) => s.id).sort()).toEqual(modelSessions().map((s) => s.id).sort());
  });

  it('tsv: a header and sanitised fields matching the model', async () => {
    const r = await run(['--format', 'tsv', '--sort', 'id']);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(header).toEqual(['host', 'id', 'user', 'address', 'port', 'service', 'state', 'connected', 'idle', 'backends', 'memory', 'io_activity']);
    const got = rows.map((f) => ({ id: Number(f[1]), user: f[2], address: f[3], service: f[5] }));
    expect(got).toEqual(modelSessions());
    for (const f of rows) {
      expect(f[0]).toBe(host);
      expect(f).toHaveLength(header.length);
      expect(Number(f[4])).toBe(sim.model.get(Number(f[1]))?.port);
    }
  });

  it('table: header and a row per session, width from COLUMNS', async () => {
    const r = await run(['--once', '--sort', 'idle', '--reverse'], { COLUMNS: '100' });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s+ID USER\s+CLIENT\s+SERVICE/);
    expect(lines[0]).toContain('IDLE▲');
    expect(lines).toHaveLength(1 + FIXED_SESSIONS.length);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
    // --reverse: shortest idle first (app@203.0.113.6, idle 2s), longest last (bob).
    expect(lines[1]).toContain('203.0.113.6');
    expect(lines.at(-1)).toContain('bob');
    expect(lines.at(-1)).toContain('5h02m');
  });

  it('stdout not a terminal: batch table without any flag', async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/ID USER/);
    expect(r.stdout).toContain('alice');
  });

  it('hostile text from the server is sanitised in table and tsv, escaped in json', async () => {
    const evil = sim.model.addSession({ user: 'ev\u001b[31mil\u0007\u009b2J\u202e', address: '192.0.2.99', idleSeconds: 1 });
    try {
      for (const format of ['table', 'tsv']) {
        const r = await run(['--format', format, '--filter', 'client:192.0.2.99']);
        expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
        // The table cuts the USER cell to its width; tsv keeps the whole (sanitised) field.
        expect(r.stdout).toContain(format === 'tsv' ? 'ev^[[31mil^G<U+009B>2J<U+202E>' : 'ev^[[31mil^G<U+009B>');
      }
      const j = await run(['--format', 'ndjson', '--filter', 'client:192.0.2.99']);
      expect(j.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      expect(JSON.parse(j.stdout).user).toBe('ev\u001b[31mil\u0007\u009b2J\u202e');
    } finally {
      sim.model.close(evil.id);
    }
  });
});

describe('filters and sort apply in batch mode', () => {
  it('--filter with field:value and negation', async () => {
    const r = await run(['--format', 'ndjson', '--filter', 'user:app !client:203.0.113.6']);
    const users = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(users.map((s) => s.address)).toEqual(['203.0.113.5']);
  });

  it('--min-idle in seconds and with a unit', async () => {
    const a = await run(['--format', 'ndjson', '--min-idle', '5m']);
    expect(a.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).user)).toEqual(['bob', 'app', 'carol']);
    const b = await run(['--format', 'ndjson', '--min-idle', '4000']);
    expect(b.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).user)).toEqual(['bob', 'app']);
  });

  it('--sort by every column name is accepted', async () => {
    for (const col of ['id', 'host', 'user', 'client', 'service', 'state', 'connected', 'idle', 'backends', 'memory', 'io']) {
      const r = await run(['--format', 'tsv', '--sort', col]);
      expect(r.code, col).toBe(0);
    }
  });

  it('--sort service ascending', async () => {
    const r = await run(['--format', 'ndjson', '--sort', 'service']);
    const services = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).service as string);
    expect(services).toEqual([...services].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
  });

  it('an empty result prints only the header (tsv) or nothing (ndjson)', async () => {
    const tsv = await run(['--format', 'tsv', '--filter', 'user:nobody']);
    expect(tsv.stdout.trimEnd().split('\n')).toHaveLength(1);
    const nd = await run(['--format', 'ndjson', '--filter', 'user:nobody']);
    expect(nd.stdout).toBe('');
    expect(nd.code).toBe(0);
  });
});

describe('iterations', () => {
  it('--iterations 3 polls three times (json: three documents)', async () => {
    const r = await run(['--iterations', '3', '-d', '0.1', '--format', 'json']);
    expect(r.code).toBe(0);
    const docs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(docs).toHaveLength(3);
    for (const d of docs) expect(d.sessions).toHaveLength(FIXED_SESSIONS.length);
  });

  it('each poll gives its sessions as of its own time, also those reused from the poll before', async () => {
    // A simulator on the wall clock: idle sessions stay idle, and the client keeps their first
    // reading (the same object) from poll to poll; the output must still move with the clock.
    const wall = await startFixedSim(FIXED_SESSIONS, { clock: 'wall' });
    try {
      const r = await runSesstop(['-h', hostOf(wall), '--iterations', '3', '-d', '0.7', '--format', 'json'], home.home);
      expect(r.code).toBe(0);
      const docs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { fetchedAt: string; sessions: Array<Record<string, unknown>> });
      expect(docs).toHaveLength(3);
      const idleOf = (d: (typeof docs)[number]) => new Map(d.sessions.map((s) => [s.id as number, s.idle as number]));
      const first = idleOf(docs[0]);
      for (const d of docs.slice(1)) {
        const elapsed = (Date.parse(d.fetchedAt) - Date.parse(docs[0].fetchedAt)) / 1000;
        expect(elapsed).toBeGreaterThan(0.5);
        for (const [id, idle] of idleOf(d)) {
          // Idle sessions of the fixed model (none is idle for less than a second): their idle
          // time grew with the clock, to 0.1 s plus the time each answer took.
          expect(first.get(id)).toBeGreaterThan(1);
          expect(Math.abs(idle - (first.get(id)! + elapsed))).toBeLessThan(0.35);
        }
        for (const s of d.sessions) expect(Object.keys(s)).not.toContain('polledAt');
      }
    } finally {
      await wall.close();
    }
  });

  it('--iterations 2 with tsv prints the header once', async () => {
    const r = await run(['--iterations', '2', '-d', '0.1', '--format', 'tsv']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 2 * FIXED_SESSIONS.length);
    expect(lines.filter((l) => l.startsWith('host\t'))).toHaveLength(1);
  });

  it('-b --iterations 2 with table separates polls with a blank line', async () => {
    const r = await run(['-b', '--iterations', '2', '-d', '0.1']);
    const blocks = r.stdout.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(2);
    for (const b of blocks) expect(b.split('\n')).toHaveLength(1 + FIXED_SESSIONS.length);
  });

  it('a poll that fails among polls that printed makes the exit partial (4), not "no host could be reached"', async () => {
    const { createServer } = await import('node:http');
    let lists = 0;
    const server = createServer((req, res) => {
      const ok = req.url?.startsWith('/sessions') && lists++ === 0;
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? [{ id: 1, state: 'Session started', user: 'u', address: '192.0.2.4', service: 'RW', connected: 'Fri Jan  5 07:24:06 2024', idle: 5 }] : { error: 'busy' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as import('node:net').AddressInfo;
      const r = await runSesstop(['-h', `127.0.0.1:${port}`, '--api', 'seed', '--iterations', '3', '-d', '0.1', '--format', 'ndjson'], home.home);
      expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).id)).toEqual([1]);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
      expect(r.code).toBe(4);
    } finally {
      server.close();
    }
  });

  it('a host whose paging is broken (every page is the first of 5000): one line naming it, nothing printed, exit 2', async () => {
    const { startSimulator } = await import('../../src/sim/index.js');
    const broken = await startSimulator({ sessions: 5001, churn: false, dialects: ['v1'] });
    broken.faults.firstPageOnly = true;
    try {
      const r = await runSesstop(['-h', hostOf(broken), '--once', '--format', 'ndjson'], home.home);
      expect(r.stderr).toBe(`sesstop: ${hostOf(broken)} answered page 2 of the session list with the same 5000 sessions as before: its paging looks broken; nothing was shown from this poll\n`);
      expect(r.stdout).toBe('');
      expect(r.code).toBe(2);
    } finally {
      await broken.close();
    }
  });

  it('a slow host whose every answer comes within --timeout: --once prints and exits 0, however long its requests take together', async () => {
    // Detection, list and version: three answers of 900 ms each, within a 1.5 s timeout each and
    // longer together than the timeout and its second of grace.
    const slow = await startFixedSim(FIXED_SESSIONS, { latencyMs: 900 });
    try {
      const r = await runSesstop(['-h', hostOf(slow), '--once', '--format', 'tsv', '-t', '1500ms'], home.home);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.trimEnd().split('\n')).toHaveLength(1 + FIXED_SESSIONS.length);
    } finally {
      await slow.close();
    }
  });

  it('--once and --iterations together are a usage error', async () => {
    const r = await run(['--once', '--iterations', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sesstop: --once and --iterations contradict each other — /);
  });
});
