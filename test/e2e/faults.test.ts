// Faults on loopback, bounded in time: a simulator that goes away and comes back ten times, slow
// answers, 500s, connections cut mid-body, a password change, and one host of three down.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectArgs, e2eFixtures, hostPortOf } from './harness/fixtures.js';
import { tableRows } from './harness/screen.js';
import type { SesstopTerminal } from './harness/sesstop.js';

const INTERVAL_MS = 1000;
/**
 * Scheduling slack on a shared two-core machine: a poll's own time, a render, a late timer. Small
 * next to an interval, so a doubled backoff (2 s after one failure) still fails the bound.
 */
const SLACK_MS = 700;

const isStale = (t: SesstopTerminal) => /\bSTALE\b/.test(t.screenLines()[0] ?? '');

/** The footer's message line (the last non-empty line), which must hold the whole error. */
function footerMessage(t: SesstopTerminal): string {
  const lines = t.screenLines().filter((l) => l !== '');
  return lines[lines.length - 1] ?? '';
}

function expectOneLineError(t: SesstopTerminal, pattern: RegExp): void {
  const screen = t.screenText();
  const matching = t.screenLines().filter((l) => pattern.test(l));
  expect(matching, `one line matching ${pattern} in:\n${screen}`).toHaveLength(1);
  expect(footerMessage(t)).toMatch(pattern);
  expect(screen).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m); // no stack trace
  expect(t.layoutViolations).toEqual([]);
}

async function freePortThatRefuses(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The retry delay the footer announces (`retry in 2s`), in ms. */
function retryAnnouncedMs(t: SesstopTerminal): number {
  const m = /retry in (\d+)s\b/.exec(t.screenText());
  if (!m) throw t.failure('no "retry in Ns" on screen');
  return Number(m[1]) * 1000;
}

/**
 * Stops the simulator and starts it again on the same port ten times during one run: sesstop must
 * never exit, show STALE within two intervals with the last data kept and the error on one line,
 * and show fresh data again within `recoveryBoundMs` (computed when STALE is shown) of the restart.
 */
async function restartTenTimes(fx: ReturnType<typeof e2eFixtures>, recoveryBoundMs: (t: SesstopTerminal) => number): Promise<void> {
  const sim = await fx.simulator({ sessions: 30, seed: 21 });
  const t = fx.sesstop(connectArgs(hostPortOf(sim), ['-d', '1', '-t', '500']), { cols: 100, rows: 30 });
  await t.waitForText(/^30 sessions/m, 10_000);
  const staleAfter: number[] = [];
  const freshAfter: number[] = [];
  for (let round = 1; round <= 10; round++) {
    await sim.stop();
    const stoppedAt = Date.now();
    await t.waitFor(() => isStale(t), `STALE within two intervals (round ${round})`, 2 * INTERVAL_MS + SLACK_MS);
    staleAfter.push(Date.now() - stoppedAt);
    // The last data stays on screen, with the error in one line.
    expect(tableRows(t.screenLines()).length).toBeGreaterThan(0);
    expectOneLineError(t, /poll failed .*cannot reach 127\.0\.0\.1/);
    if (round === 1) {
      t.press('k');
      await t.waitForText('data is stale: closing is disabled');
    }
    const bound = recoveryBoundMs(t);
    await sim.restart();
    const restartedAt = Date.now();
    await t.waitFor(() => !isStale(t) && /\bok\b/.test(t.screenLines()[0]), `fresh data within ${bound} ms of the restart (round ${round})`, bound);
    freshAfter.push(Date.now() - restartedAt);
  }
  expect(t.exitStatus).toBeUndefined();
  expect(t.screenText()).toMatch(/^30 sessions/m);
  expect(t.layoutViolations).toEqual([]);
  console.log(`restart rounds: STALE after ${staleAfter.join('/')} ms, fresh after ${freshAfter.join('/')} ms`);
  t.press('q');
  expect(await t.appExit()).toBe(0);
  expect(t.restoreProblems()).toEqual([]);
}

/** Two simulators and a port that refuses, watched together at 200×50 (room for the HOST column). */
async function threeHosts(fx: ReturnType<typeof e2eFixtures>) {
  const a = await fx.simulator({ sessions: 4, seed: 31 });
  const b = await fx.simulator({ sessions: 5, seed: 32 });
  const downPort = await freePortThatRefuses();
  const hosts = [hostPortOf(a), hostPortOf(b), `127.0.0.1:${downPort}`];
  const t = fx.sesstop(connectArgs(hosts, ['-d', '1', '-t', '500']), { cols: 200, rows: 50 });
  await t.waitForText(new RegExp(`127\\.0\\.0\\.1:${downPort} down`), 10_000);
  await t.waitForText(new RegExp(`${hostPortOf(a)} ok`));
  await t.waitForText(new RegExp(`${hostPortOf(b)} ok`));
  await t.waitForText(/^9 sessions/m);
  expect(t.screenText()).toMatch(/\bHOST\b/);
  return { a, b, downPort, t };
}

function rowsOf(t: SesstopTerminal, user: string) {
  return tableRows(t.screenLines()).find((r) => r.cells.USER === user);
}

describe.sequential('faults', () => {
  const fx = e2eFixtures();

  it('simulator stopped and restarted 10 times: never exits, STALE within two intervals, fresh again by the retry it announces', async () => {
    // The retry the footer announces, plus room for a loaded machine (this bound is not the spec's).
    await restartTenTimes(fx, (t) => retryAnnouncedMs(t) + 2 * SLACK_MS);
  }, 60_000);

  it(
    'simulator stopped and restarted 10 times: fresh data within ONE interval of each restart',
    () => restartTenTimes(fx, () => INTERVAL_MS + SLACK_MS),
    60_000,
  );

  it.each([
    {
      fault: 'answers slower than the timeout',
      inject: (f: { latencyMs: number }) => (f.latencyMs = 1500),
      heal: (f: { latencyMs: number }) => (f.latencyMs = 0),
      shown: /poll failed .*no answer from 127\.0\.0\.1:\d+ (in time|within 500 ms|for \d+ (ms|s) \(each request timed out\))/,
    },
    {
      fault: 'a burst of 500s',
      inject: (f: { errorRate: number }) => (f.errorRate = 1),
      heal: (f: { errorRate: number }) => (f.errorRate = 0),
      shown: /poll failed .*HTTP 500/,
    },
    {
      fault: 'connections dropped mid-body',
      inject: (f: { dropRate: number }) => (f.dropRate = 1),
      heal: (f: { dropRate: number }) => (f.dropRate = 0),
      shown: /poll failed .*127\.0\.0\.1/,
    },
    {
      fault: 'truncated (malformed) bodies',
      inject: (f: { malformedRate: number }) => (f.malformedRate = 1),
      heal: (f: { malformedRate: number }) => (f.malformedRate = 0),
      shown: /poll failed .*(bad response|JSON|malformed)/i,
    },
  ])('$fault: shown as one line, the data kept, recovered when it stops', async ({ inject, heal, shown }) => {
    const sim = await fx.simulator({ sessions: 20, seed: 22 });
    const t = fx.sesstop(connectArgs(hostPortOf(sim), ['-d', '1', '-t', '500']), { cols: 120, rows: 30 });
    await t.waitForText(/^20 sessions/m, 10_000);
    inject(sim.faults as never);
    await t.waitFor(() => isStale(t) && shown.test(t.screenText()), `STALE and ${shown}`, 4 * INTERVAL_MS);
    expectOneLineError(t, shown);
    expect(tableRows(t.screenLines()).length).toBe(20);
    const bound = retryAnnouncedMs(t) + 2 * SLACK_MS;
    heal(sim.faults as never);
    await t.waitFor(() => !isStale(t), `recovery within the announced retry (${bound} ms)`, bound);
    await t.waitForNoText(/poll failed/);
    expect(t.exitStatus).toBeUndefined();
  });

  it('a 401 after the password changes is one line naming the login; the old data stays; it recovers when the password is back', async () => {
    const sim = await fx.simulator({ sessions: 15, seed: 23 });
    const t = fx.sesstop(connectArgs(hostPortOf(sim), ['-d', '1', '-t', '500']), { cols: 120, rows: 30 });
    await t.waitForText(/^15 sessions/m, 10_000);
    sim.setAuth({ user: 'admin', password: 'rotated' });
    await t.waitFor(() => isStale(t) && /refused the login/.test(t.screenText()), 'STALE and the login refusal', 4 * INTERVAL_MS);
    expectOneLineError(t, /poll failed .*refused the login: wrong user or password/);
    expect(t.screenText()).not.toContain('mariadb'); // the password is never shown
    expect(tableRows(t.screenLines()).length).toBe(15);
    const bound = retryAnnouncedMs(t) + 2 * SLACK_MS;
    sim.setAuth({ user: 'admin', password: 'mariadb' });
    await t.waitFor(() => !isStale(t), `recovery within the announced retry (${bound} ms)`, bound);
    expect(t.exitStatus).toBeUndefined();
  });

  it('one host of three down: marked down, the sessions of the other two shown with their host', async () => {
    const { a, b, downPort, t } = await threeHosts(fx);
    const rows = tableRows(t.screenLines());
    expect(rows.filter((r) => r.cells.HOST === hostPortOf(a))).toHaveLength(4);
    expect(rows.filter((r) => r.cells.HOST === hostPortOf(b))).toHaveLength(5);
    expect(rows.some((r) => r.cells.HOST === `127.0.0.1:${downPort}`)).toBe(false);
    expect(t.layoutViolations).toEqual([]);
    expect(t.exitStatus).toBeUndefined();
  });

  it(
    'one host of three down: the other two keep updating every interval',
    async () => {
      const { a, b, t } = await threeHosts(fx);
      for (let change = 1; change <= 4; change++) {
        const sim = change % 2 ? a : b;
        sim.model.addSession({ user: `chg${change}`, idleSeconds: 99_000 + change });
        await t.waitForText(new RegExp(`\\bchg${change}\\b`), 2 * INTERVAL_MS + SLACK_MS);
        expect(rowsOf(t, `chg${change}`)?.cells.HOST).toBe(hostPortOf(sim));
      }
    },
    30_000,
  );
});
