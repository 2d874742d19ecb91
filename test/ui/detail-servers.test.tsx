// The detail pane's v1 extras: per-server statistics of each backend connection's server (read
// only while a detail pane is open, at most once per poll), the cipher column, column widths in
// both dialects, and the MaxScale version in the header.
import { afterEach, describe, expect, it } from 'vitest';
import { MAXSCALE_VERSION, type Simulator } from '../../src/sim/index.js';
import { recordRequests, type SentRequest } from '../api/helpers/requests.js';
import { KEYS, startUi, type UiHarness } from './helpers/harness.js';
import { cursorSession, frameGeometry } from './helpers/screen.js';
import { asctime } from '../../src/sim/time-format.js';

let ui: UiHarness | undefined;
let rec: ReturnType<typeof recordRequests> | undefined;
afterEach(async () => {
  rec?.stop();
  rec = undefined;
  if (ui) await ui.quit().catch(() => undefined);
  ui = undefined;
});

const serverReads = (sent: readonly SentRequest[]): number => sent.filter((r) => r.path.startsWith('/v1/servers')).length;

function expectFits(h: UiHarness, columns: number, rows: number): void {
  const { lines, maxWidth } = frameGeometry(h.frame());
  expect(lines.length).toBeLessThanOrEqual(rows - 1);
  expect(maxWidth).toBeLessThanOrEqual(columns);
}

/** The backend table of the detail pane: its title row and one row per connection. */
function backendTable(h: UiHarness): { header: string; rows: string[] } {
  const { lines } = frameGeometry(h.frame());
  const at = lines.findIndex((l) => l.startsWith('SERVER '));
  const rows: string[] = [];
  for (let i = at + 1; i < lines.length && /^db-/.test(lines[i]); i++) rows.push(lines[i]);
  return { header: lines[at] ?? '', rows };
}

/** A session idle longest (so it is under the cursor) on two known servers; one connection encrypted. */
function busySession(sim: Simulator): void {
  const s = sim.model.addSession({ user: 'busy', idleSeconds: 1e6, servers: ['db-serv-01', 'db-serv-02'] });
  s.connections[0].cipher = 'TLS_AES_256_GCM_SHA384';
}

async function openDetail(h: UiHarness, ready: (frame: string) => boolean): Promise<void> {
  expect(cursorSession(h).user).toBe('busy');
  await h.press(KEYS.enter);
  await h.waitFor(ready, 'the detail pane');
}

describe('v1 detail: server statistics', () => {
  it('shows each connection’s server state and statistics, with the cipher', async () => {
    ui = await startUi({ sim: { sessions: 6, dialects: ['v1'] }, setup: busySession, columns: 120, rows: 24 });
    await openDetail(ui, (f) => f.includes('SRV-STATE'));
    const { header, rows } = backendTable(ui);
    for (const title of ['SERVER', 'CONN-ID', 'MEMORY', 'SRV-STATE', 'CONN/MAX', 'ACT-OPS', 'AUTH-FAIL', 'CIPHER']) expect(header).toContain(title);
    expect(rows).toHaveLength(2);
    for (const [i, name] of ['db-serv-01', 'db-serv-02'].entries()) {
      const st = ui.sim.model.serverStatistics(name)!;
      const row = rows[i];
      expect(row.startsWith(name)).toBe(true);
      expect(row).toContain(name === 'db-serv-01' ? 'Master, Running' : 'Slave, Running');
      expect(row).toMatch(new RegExp(` ${st.connections}/${st.maxConnections} +${st.activeOperations} +${st.failedAuths} `));
    }
    expect(rows[0]).toMatch(/TLS_AES_256_GCM_SHA384$/);
    expect(rows[1]).toMatch(/ -$/); // no cipher: `-`
    expectFits(ui, 120, 24);
  });

  it('reads /v1/servers only while a detail pane is open, at most once per poll', async () => {
    ui = await startUi({ sim: { sessions: 6, dialects: ['v1'] }, setup: busySession, rows: 24 });
    rec = recordRequests();
    await ui.tick(2);
    await ui.tick(2);
    expect(serverReads(rec.sent)).toBe(0); // the list poll never asks
    await openDetail(ui, (f) => f.includes('SRV-STATE'));
    expect(serverReads(rec.sent)).toBe(1);
    // Moving between sessions re-reads their details, not the servers of the same poll.
    await ui.press(KEYS.down);
    await ui.waitFor(() => ui!.store.getState().detail?.session?.user !== 'busy', 'the next session');
    await ui.press(KEYS.up);
    await ui.waitFor(() => ui!.store.getState().detail?.session?.user === 'busy', 'back on busy');
    expect(serverReads(rec.sent)).toBe(1);
    // A new connection to db-serv-01 shows after the next poll's read.
    const before = ui.sim.model.serverStatistics('db-serv-01')!.connections;
    ui.sim.model.addSession({ user: 'extra', servers: ['db-serv-01'] });
    await ui.tick(2);
    await ui.waitFor(() => backendTable(ui!).rows[0]?.includes(` ${before + 1}/`) ?? false, 'the new statistics');
    expect(serverReads(rec.sent)).toBe(2);
    // Closed pane: no more reads.
    await ui.press(KEYS.escape);
    await ui.tick(2);
    await ui.tick(2);
    expect(serverReads(rec.sent)).toBe(2);
  });

  it('a failing /v1/servers costs one line; the rest of the detail still shows', async () => {
    ui = await startUi({
      sim: { sessions: 6, dialects: ['v1'] },
      setup: (sim) => {
        busySession(sim);
        sim.faults.rawReply = { status: 500, body: '{"errors":[{"detail":"servers \\u001b[31mexploded"}]}', pathPrefix: '/v1/servers' };
      },
      rows: 24,
    });
    await openDetail(ui, (f) => f.includes('server statistics:') && f.includes('Backend connections (2)'));
    const frame = ui.frame();
    const errorLines = frameGeometry(frame).lines.filter((l) => l.includes('server statistics:'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain('exploded');
    expect(frame).not.toContain('\u001b[31m');
    expect(frame).not.toContain('SRV-STATE');
    const { header, rows } = backendTable(ui);
    expect(header).toContain('CONN-ID');
    expect(rows).toHaveLength(2);
    expect(frame).toContain('Client attributes');
    expect(ui.store.getState().stale).toBeNull(); // not a poll failure
    // It recovers on the next poll.
    ui.sim.faults.rawReply = null;
    await ui.tick(2);
    await ui.waitFor((f) => f.includes('SRV-STATE') && !f.includes('server statistics:'), 'recovered statistics');
  });

  it('the seed dialect has no server statistics: nothing is asked, no column shown', async () => {
    ui = await startUi({ sim: { sessions: 6, dialects: ['seed'] }, setup: busySession, rows: 24 });
    rec = recordRequests();
    await openDetail(ui, (f) => f.includes('Backend connections (2)'));
    await ui.tick(2);
    expect(serverReads(rec.sent)).toBe(0);
    expect(rec.sent.some((r) => r.path.includes('servers'))).toBe(false);
    expect(ui.frame()).not.toContain('SRV-STATE');
    expect(ui.frame()).not.toContain('server statistics');
  });
});

describe('backend table widths', () => {
  it('seed at 200 columns: ROLE and STATE both shown whole', async () => {
    ui = await startUi({ sim: { sessions: 6, dialects: ['seed'] }, setup: busySession, columns: 200, rows: 24 });
    await openDetail(ui, (f) => f.includes('Backend connections (2)'));
    const { header, rows } = backendTable(ui);
    expect(header).toMatch(/ROLE +STATE/);
    for (const row of rows) expect(row).toMatch(/ Backend Request Handler +DCB in the polling loop *$/);
    expectFits(ui, 200, 24);
  });

  it.each([
    [80, 24, true],
    [60, 24, false],
    [250, 50, true],
    [40, 12, false],
  ])('v1 at %i×%i: every line fits; CIPHER shown: %s', async (columns, rows, cipher) => {
    ui = await startUi({ sim: { sessions: 30, dialects: ['v1'] }, setup: busySession, columns, rows });
    await openDetail(ui, (f) => ui!.store.getState().serverStats.get(ui!.sim.url.replace('http://', ''))?.servers != null && f.includes('Backend connections (2)'));
    await ui.press(); // let the frame with the statistics render
    expectFits(ui, columns, rows);
    const { header } = backendTable(ui);
    expect(header.includes('CIPHER')).toBe(cipher);
    if (columns >= 80) for (const t of ['CONN-ID', 'SRV-STATE', 'CONN/MAX']) expect(header).toContain(t);
  });
});

describe('v1 detail: a MaxScale that sends no connections', () => {
  it('says the backend connections are not reported (2.2–2.4), not that there are none', async () => {
    ui = await startUi({ sim: { sessions: 6, dialects: ['v1'] }, setup: busySession, columns: 120, rows: 24 });
    const s = cursorSession(ui);
    // As MaxScale 2.2 answers: no `connections` attribute at all (and `connected` in asctime; the
    // session's own time: another one would be another session, which the pane does not show).
    const attributes = { state: 'Session started', user: s.user, remote: s.address, connected: asctime(s.connected!.getTime()), idle: 1 };
    ui.sim.faults.rawReply = { status: 200, body: JSON.stringify({ data: { id: String(s.id), type: 'sessions', attributes } }), pathPrefix: `/v1/sessions/${s.id}` };
    await openDetail(ui, (f) => f.includes('Backend connections'));
    expect(ui.frame()).toContain('Backend connections  not reported by this MaxScale');
    expect(ui.frame()).not.toContain('Backend connections (0)');
  });
});

describe('header', () => {
  it('shows the MaxScale version of a v1 target, and only the dialect for seed', async () => {
    ui = await startUi({ sim: { sessions: 3, dialects: ['v1'] } });
    const host = ui.sim.url.replace('http://', '');
    expect(ui.frame()).toContain(`${host} ok v1 ${MAXSCALE_VERSION}`);
    expect(ui.store.getState().health[0].version).toBe(MAXSCALE_VERSION);
    await ui.quit();
    ui = await startUi({ sim: { sessions: 3, dialects: ['seed'] } });
    expect(ui.frame()).toMatch(/ ok seed$/m);
  });

  it('a hostile version is shown sanitised; an unreadable one is simply left out', async () => {
    ui = await startUi({
      sim: { sessions: 3, dialects: ['v1'] },
      setup: (sim) => {
        sim.faults.rawReply = { status: 200, body: '{"data":{"attributes":{"version":"\\u001b]0;pwned\\u0007 24"}}}', pathPrefix: '/v1/maxscale' };
      },
    });
    expect(ui.frame()).toContain('ok v1 ^[]0;pwned^G 24');
    expect(ui.frame()).not.toMatch(/\x1b\]/);
    await ui.quit();
    ui = await startUi({
      sim: { sessions: 3, dialects: ['v1'] },
      setup: (sim) => {
        sim.faults.rawReply = { status: 404, body: '', pathPrefix: '/v1/maxscale' };
      },
    });
    const host = ui.sim.url.replace('http://', '');
    expect(ui.frame()).toMatch(new RegExp(`${host} ok v1$`, 'm'));
    expect(ui.store.getState().stale).toBeNull();
    expect(ui.store.getState().message).toBeNull();
  });
});
