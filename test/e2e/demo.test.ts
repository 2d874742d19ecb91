// The demo and a real simulator, in real terminals of two sizes: header and rows on screen,
// nothing wraps, nothing scrolls, only our own escape sequences reach the terminal, and q gives
// the terminal back.
import { describe, expect, it } from 'vitest';
import { connectArgs, e2eFixtures } from './harness/fixtures.js';
import { startRecordingProxy } from './harness/recording-proxy.js';
import { tableRows } from './harness/screen.js';
import type { SesstopTerminal } from './harness/sesstop.js';
import { visible } from './harness/escape-scanner.js';

const SIZES = [
  { cols: 80, rows: 24 },
  { cols: 200, rows: 50 },
] as const;

/** What must hold on any sesstop screen: fits, no wraps, no scrolls, header and a full table. */
function expectFullScreen(t: SesstopTerminal, sessions: number): void {
  const lines = t.screenLines();
  expect(lines[0]).toMatch(/^sesstop /);
  expect(lines[1]).toMatch(/\d+ sessions/);
  expect(lines[t.rows - 1], 'the last row stays empty (rows − 1 lines at most)').toBe('');
  const rows = tableRows(lines);
  // The table fills the screen minus the header and footer lines (a few), or shows every session.
  expect(rows.length).toBeGreaterThanOrEqual(Math.min(sessions, t.rows - 1 - 8));
  expect(rows.filter((r) => r.cursor)).toHaveLength(1);
  expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(t.cols);
  expect(t.layoutViolations, 'no line wrapped and nothing scrolled').toEqual([]);
}

async function quitCleanly(t: SesstopTerminal): Promise<void> {
  t.press('q');
  expect(await t.appExit()).toBe(0);
  expect(t.restoreProblems()).toEqual([]);
  expect(t.escapeViolations()).toEqual([]);
  expect(t.layoutViolations).toEqual([]);
}

describe.sequential('the demo in a real terminal', () => {
  const fx = e2eFixtures();

  it.each(SIZES)('sesstop --simulate at $cols×$rows: header, a full table, no wraps, clean exit', async ({ cols, rows }) => {
    const t = fx.sesstop(['--simulate', '-d', '1'], { cols, rows });
    await t.waitForText(/simulated MaxScale\].*\bok\b/, 10_000);
    await t.waitFor(() => tableRows(t.screenLines()).length >= rows - 1 - 8, 'a full table', 5000);
    expectFullScreen(t, 200);
    await quitCleanly(t);
  });

  it.each(SIZES)('against a simulator over -h at $cols×$rows, through several polls', async ({ cols, rows }) => {
    const sim = await fx.simulator({ sessions: 120, seed: 11 });
    const proxy = await startRecordingProxy(sim.url);
    fx.onCleanup(() => proxy.close());
    const t = fx.sesstop(connectArgs(proxy.hostPort, ['-d', '0.5']), { cols, rows });
    await t.waitForText(new RegExp(`${proxy.hostPort} ok`), 10_000);
    const lists = () => proxy.requests.filter((r) => r.method === 'GET' && /sessions\/?(\?|$)/.test(r.path) && r.status === 200).length;
    const seen = lists();
    await t.waitFor(() => lists() >= seen + 3, 'three more polls', 10_000);
    await t.waitForText(/^120 sessions/m);
    expectFullScreen(t, 120);
    // The rows are the simulator's sessions.
    const ids = new Set(sim.model.sessions().map((s) => s.id));
    for (const row of tableRows(t.screenLines())) expect(ids.has(row.id)).toBe(true);
    await quitCleanly(t);
  });

  it.each([
    { how: 'NO_COLOR=1', args: [] as string[], env: { NO_COLOR: '1' } },
    { how: '--no-color', args: ['--no-color'], env: {} as Record<string, string> },
  ])('$how: no colour escape at all, the cursor row still marked', async ({ args, env }) => {
    const t = fx.sesstop(['--simulate', '-d', '1', ...args], { cols: 80, rows: 24, env });
    await t.waitFor(() => tableRows(t.screenLines()).length > 10, 'the table', 10_000);
    expect(tableRows(t.screenLines()).filter((r) => r.cursor)).toHaveLength(1);
    t.press('q');
    expect(await t.appExit()).toBe(0);
    for (const m of t.appOutput().matchAll(/\x1b\[([0-9;]*)m/g)) {
      const colours = m[1].split(';').filter((p) => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(p));
      expect(colours, `colour in ${visible(m[0])}`).toEqual([]);
    }
  });
});
