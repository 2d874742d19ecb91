// Hostile input: terminal escapes, C1 controls, bidi overrides and 100 KB strings in every text
// field the server sends; wrong types, deep nesting and a 50 MB body from a server that is not
// MaxScale at all. Nothing the server sends may reach the terminal as a control sequence, the
// layout must hold, memory must stay bounded and sesstop must keep running.
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { connectArgs, e2eFixtures, hostPortOf } from './harness/fixtures.js';
import { HUGE_BODY_BYTES, VALID_MARKER_USER, startHostileServer, type HostileMode } from './harness/hostile-server.js';
import { visible } from './harness/escape-scanner.js';
import { cursorRow, tableRows } from './harness/screen.js';
import type { SesstopTerminal } from './harness/sesstop.js';

/** Control payloads; each is injected right after a unique marker so a leak is unambiguous. */
const PAYLOADS: Record<string, string> = {
  sgr: '\x1b[31;1m',
  clear: '\x1b[2J\x1b[3J',
  cursor: '\x1b[1;1H',
  dsr: '\x1b[6n',
  reset: '\x1bc',
  osc52: `\x1b]52;c;${Buffer.from('rm -rf ~').toString('base64')}\x07`,
  oscTitle: '\x1b]0;owned\x1b\\',
  dcs: '\x1bP+q544e\x1b\\',
  bel: '\x07\x07',
  c1csi: '\u009b2J',
  c1osc: '\u009d52;c;eA==\u009c',
  nel: '\u0085',
  rlo: '\u202eevil',
  isolate: '\u2066x\u2069',
  tab: 'a\tb',
  cr: 'x\ry',
  newline: 'line1\nline2',
};

const HUNDRED_KB = 100 * 1024;

function hostileText(field: string, key: string): string {
  return `Z${field}${key}Z${PAYLOADS[key]}tail`;
}

/** Sessions whose user, address, state, service, queries and client attributes carry every payload, plus 100 KB strings. */
function injectHostileSessions(sim: Simulator): void {
  for (const key of Object.keys(PAYLOADS)) {
    sim.model.addSession({
      user: hostileText('u', key),
      address: hostileText('a', key),
      state: hostileText('s', key),
      service: hostileText('r', key),
      idleSeconds: 100_000,
      queries: [hostileText('q', key), `SELECT '${PAYLOADS[key]}'`],
      clientAttributes: { [hostileText('k', key)]: hostileText('v', key) },
    });
  }
  sim.model.addSession({
    user: 'U'.repeat(HUNDRED_KB),
    address: 'A'.repeat(HUNDRED_KB),
    state: 'S'.repeat(HUNDRED_KB),
    idleSeconds: 200_000,
    queries: ['Q'.repeat(HUNDRED_KB), `SELECT '${'\x1b[31m'.repeat(HUNDRED_KB / 5)}'`],
  });
}

/** Every payload right after its marker is absent from what sesstop wrote. */
function expectNoLeak(t: SesstopTerminal): void {
  const out = t.appOutput();
  for (const field of ['u', 'a', 's', 'r', 'q', 'k', 'v']) {
    for (const key of Object.keys(PAYLOADS)) {
      const leaked = `Z${field}${key}Z${PAYLOADS[key]}`;
      const at = out.indexOf(leaked);
      expect(at, `payload ${key} in field ${field} reached the terminal: ${visible(out.slice(at, at + 40))}`).toBe(-1);
    }
  }
  expect(t.escapeViolations()).toEqual([]);
}

function expectLayoutIntact(t: SesstopTerminal): void {
  const lines = t.screenLines();
  expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(t.cols);
  expect(lines[t.rows - 1]).toBe('');
  expect(t.layoutViolations).toEqual([]);
}

describe.sequential('hostile input', () => {
  const fx = e2eFixtures();

  it.each([
    { api: 'v1', cols: 80, rows: 24 },
    { api: 'seed', cols: 200, rows: 50 },
  ])('controls, escapes, bidi and 100 KB strings from the server ($api, $cols×$rows) never reach the terminal', async ({ api, cols, rows }) => {
    const sim = await fx.simulator({ sessions: 5, seed: 41 });
    injectHostileSessions(sim);
    const total = sim.model.size;
    const t = fx.sesstop(connectArgs(hostPortOf(sim), ['-d', '1', '--api', api]), { cols, rows });
    await t.waitForText(new RegExp(`^${total} sessions`, 'm'), 10_000);
    await t.waitFor(() => tableRows(t.screenLines()).length >= Math.min(total, rows - 1 - 8), 'a full table');
    expectLayoutIntact(t);
    // The markers are on screen, so the hostile rows were rendered, just made harmless.
    expect(t.screenText()).toMatch(/Zu\w+Z/);

    // Walk over every row, opening the detail (queries, client attributes) and the confirmation.
    for (let i = 0; i < total; i++) {
      t.press('enter');
      await t.waitForText('Backend connections');
      expectLayoutIntact(t);
      t.press('esc');
      await t.waitFor(() => tableRows(t.screenLines()).length > 0, 'the table');
      t.press('k');
      await t.waitForText('y = close (re-checked first)');
      expectLayoutIntact(t);
      t.press('n');
      await t.waitForText('cancelled: nothing was closed');
      if (i < total - 1) {
        const id = cursorRow(t.screenLines())?.id;
        t.press('down');
        await t.waitFor(() => (cursorRow(t.screenLines())?.id ?? id) !== id, 'the cursor on the next session');
      }
    }
    expect(sim.model.size).toBe(total);
    const rssMiB = t.rssKiB() / 1024;
    console.log(`hostile sessions (${api}): sesstop RSS ${Math.round(rssMiB)} MiB`);
    expect(rssMiB, 'resident memory of sesstop').toBeLessThan(300);
    t.press('q');
    expect(await t.appExit()).toBe(0);
    expectNoLeak(t);
    expect(t.restoreProblems()).toEqual([]);
  }, 60_000);

  it('wrong types, deep nesting and a 50 MB body: one-line errors, bounded memory, no crash, recovery', async () => {
    const server = await startHostileServer('valid');
    fx.onCleanup(() => server.close());
    const t = fx.sesstop(connectArgs(`127.0.0.1:${server.port}`, ['-d', '1', '-t', '5000', '--api', 'seed']), { cols: 120, rows: 30 });
    await t.waitForText(VALID_MARKER_USER, 10_000);
    const baselineMiB = t.rssKiB() / 1024;
    const peaks: Record<string, number> = {};

    for (const mode of ['wrong-types', 'deep-nesting', 'huge-body'] as HostileMode[]) {
      const before = server.listRequests[mode];
      server.mode = mode;
      let peak = 0;
      const sample = () => (peak = Math.max(peak, t.rssKiB() / 1024));
      // Two answers in this mode, sampling memory at every frame meanwhile.
      await t.waitFor(() => (sample(), server.listRequests[mode] >= before + 2 && /poll failed|sessions/.test(t.screenText())), `two ${mode} polls`, 20_000);
      await t.nextFrames(1, 5000);
      sample();
      peaks[mode] = Math.round(peak);
      expect(t.exitStatus, `sesstop exited during ${mode}`).toBeUndefined();
      expectLayoutIntact(t);
      const errorLines = t.screenLines().filter((l) => /poll failed/.test(l));
      expect(errorLines.length, `at most one error line for ${mode}`).toBeLessThanOrEqual(1);
      expect(t.screenText()).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);

      server.mode = 'valid';
      await t.waitFor(() => !/\bSTALE\b/.test(t.screenLines()[0]) && t.screenText().includes(VALID_MARKER_USER), `recovery after ${mode}`, 15_000);
    }
    console.log(`hostile server: RSS baseline ${Math.round(baselineMiB)} MiB, peaks ${JSON.stringify(peaks)} MiB (body ${HUGE_BODY_BYTES / 1048576} MiB)`);
    // A 50 MB answer may be read, but memory must not grow without bound: well under 10× the body.
    expect(peaks['huge-body']).toBeLessThan(600);
    expect(peaks['wrong-types']).toBeLessThan(baselineMiB + 100);
    expect(peaks['deep-nesting']).toBeLessThan(baselineMiB + 100);
    t.press('q');
    expect(await t.appExit()).toBe(0);
    expect(t.escapeViolations()).toEqual([]);
    expect(t.restoreProblems()).toEqual([]);
  }, 90_000);
});
