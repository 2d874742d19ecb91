// Keys as a user types them, in a real terminal against a simulator whose sessions the test
// chose: move, sort, expand, filter, min-idle, pause, interval, help, resize and every way to quit.
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { formatHeader, layoutColumns } from '../../src/core/columns.js';
import { connectArgs, e2eFixtures, hostPortOf } from './harness/fixtures.js';
import { cursorRow, headerCells, tableHeaderIndex, tableRows } from './harness/screen.js';
import type { SesstopTerminal } from './harness/sesstop.js';
import { escapeRegExp } from './harness/terminal-session.js';

const SESSIONS = 40;
/** Users in an order unrelated to ids and idle times, so every sort gives a different order. */
const USERS = Array.from({ length: SESSIONS }, (_, i) => `u${String.fromCharCode(97 + ((i * 7) % 26))}${(i * 13) % 40}`);

async function tableFixture(fx: ReturnType<typeof e2eFixtures>, cols = 80, rows = 24) {
  const sim = await fx.simulator({ sessions: 0, seed: 3 });
  USERS.forEach((user, i) => {
    // Distinct idle times (10 s … 6 h), unrelated to the id order.
    sim.model.addSession({ user, address: `10.0.0.${i + 1}`, idleSeconds: 10 + ((i * 17) % SESSIONS) * 540 });
  });
  const t = fx.sesstop(connectArgs(hostPortOf(sim), ['-d', '1']), { cols, rows });
  await t.waitForText(new RegExp(`^${SESSIONS} sessions`, 'm'), 10_000);
  await t.waitFor(() => tableRows(t.screenLines()).length > 0, 'the table');
  return { sim, t };
}

/** Session ids by idle time, longest first (the default sort). */
function idsByIdle(sim: Simulator): number[] {
  return [...sim.model.sessions()].sort((a, b) => a.busyUntil - b.busyUntil).map((s) => s.id);
}

async function cursorOn(t: SesstopTerminal, id: number, what: string): Promise<void> {
  await t.waitFor(() => cursorRow(t.screenLines())?.id === id, () => `cursor on session ${id} (${what})`);
}

function sortHeader(t: SesstopTerminal): string | undefined {
  const lines = t.screenLines();
  const at = tableHeaderIndex(lines);
  return at < 0 ? undefined : headerCells(lines[at]).find((c) => /[▲▼]/.test(lines[at].slice(c.start, c.end + 1)))?.title;
}

function columnValues(t: SesstopTerminal, title: string): string[] {
  return tableRows(t.screenLines()).map((r) => r.cells[title]);
}

/**
 * Resizes, waits for the redraw at the new size, then requires the following frames to fit. A frame
 * already on its way when the size changed may wrap once: no program can prevent that.
 */
async function resizeAndSettle(t: SesstopTerminal, cols: number, rows: number, redrawn: () => boolean): Promise<void> {
  t.resize(cols, rows);
  await t.waitFor(redrawn, `the redraw at ${cols}×${rows}`);
  t.layoutViolations.length = 0;
  await t.nextFrames(2);
  expect(redrawn()).toBe(true);
  expect(t.layoutViolations).toEqual([]);
}

/** Types one key at a time, each after the screen showed the previous one, as a person does. */
async function typeLikeAUser(t: SesstopTerminal, text: string, shown: (typed: string) => RegExp): Promise<void> {
  for (let i = 1; i <= text.length; i++) {
    t.press(text[i - 1]);
    await t.waitForText(shown(text.slice(0, i)));
  }
}

const sortedCopy = (values: string[], direction: 1 | -1, compare: (a: string, b: string) => number) =>
  [...values].sort((a, b) => direction * compare(a, b));

describe.sequential('keys in a real terminal', () => {
  const fx = e2eFixtures();

  it('moves the cursor with ↓ j ↑ End Home G g PgDn PgUp', async () => {
    const { sim, t } = await tableFixture(fx);
    const order = idsByIdle(sim);
    expect(tableRows(t.screenLines()).map((r) => r.id)).toEqual(order.slice(0, tableRows(t.screenLines()).length));
    await cursorOn(t, order[0], 'start');
    t.press('down');
    await cursorOn(t, order[1], '↓');
    t.press('j');
    await cursorOn(t, order[2], 'j');
    t.press('up');
    await cursorOn(t, order[1], '↑');
    t.press('end');
    await cursorOn(t, order[SESSIONS - 1], 'End');
    t.press('home');
    await cursorOn(t, order[0], 'Home');
    t.press('G');
    await cursorOn(t, order[SESSIONS - 1], 'G');
    t.press('g');
    await cursorOn(t, order[0], 'g');
    t.press('pgdn');
    await t.waitFor(() => order.indexOf(cursorRow(t.screenLines())?.id ?? -1) >= 10, 'PgDn to move a page down');
    const afterPage = order.indexOf(cursorRow(t.screenLines())!.id);
    t.press('pgup');
    await t.waitFor(() => order.indexOf(cursorRow(t.screenLines())?.id ?? -1) < afterPage - 5, 'PgUp to move a page up');
    expect(t.layoutViolations).toEqual([]);
  });

  it('sorts by a column key, reverses on the same key again, and the cursor stays on its session', async () => {
    const { t } = await tableFixture(fx);
    expect(sortHeader(t)).toBe('IDLE');
    t.press('down', 'down');
    await t.waitFor(() => (cursorRow(t.screenLines())?.y ?? 0) > tableHeaderIndex(t.screenLines()) + 2, 'cursor on the third row');
    const chosen = cursorRow(t.screenLines())!.id;

    t.press('U');
    await t.waitFor(() => sortHeader(t) === 'USER', 'USER to be the sort column');
    const ascending = /USER▲/.test(t.screenText());
    const users = columnValues(t, 'USER');
    expect(users).toEqual(sortedCopy(users, ascending ? 1 : -1, (a, b) => a.localeCompare(b)));
    await cursorOn(t, chosen, 'after sorting by user');

    t.press('U');
    await t.waitForText(ascending ? 'USER▼' : 'USER▲');
    const reversed = columnValues(t, 'USER');
    expect(reversed).toEqual(sortedCopy(reversed, ascending ? -1 : 1, (a, b) => a.localeCompare(b)));
    await cursorOn(t, chosen, 'after reversing');

    t.press('N');
    await t.waitFor(() => sortHeader(t) === 'ID', 'ID to be the sort column');
    const ids = tableRows(t.screenLines()).map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => (/ID▲/.test(t.screenText()) ? a - b : b - a)));
    await cursorOn(t, chosen, 'after sorting by id');

    t.press('>');
    await t.waitFor(() => sortHeader(t) !== 'ID', '> to move the sort column');
    expect(t.layoutViolations).toEqual([]);
  });

  it('expands the session under the cursor into its backend connections, and Esc returns', async () => {
    const { sim, t } = await tableFixture(fx);
    t.press('down');
    await cursorOn(t, idsByIdle(sim)[1], '↓');
    const id = cursorRow(t.screenLines())!.id;
    const session = sim.model.get(id)!;
    t.press('enter');
    await t.waitForText(`Backend connections (${session.connections.length})`);
    await t.waitForText(new RegExp(`^session ${id} ${session.user}@`, 'm'));
    for (const c of session.connections) await t.waitForText(c.server);
    t.press('esc');
    await t.waitFor(() => tableRows(t.screenLines()).length > 0, 'the table again');
    await cursorOn(t, id, 'back from the detail');
    t.press('right');
    await t.waitForText(`Backend connections (${session.connections.length})`);
    t.press('left');
    await cursorOn(t, id, '← back');
  });

  it('filters as you type with /, keeps it on Enter, clears it with / Esc; m sets a minimum idle', async () => {
    const { sim, t } = await tableFixture(fx);
    for (const user of ['flt1', 'flt2', 'flt3']) sim.model.addSession({ user, idleSeconds: 5 });
    await t.waitForText(/^43 sessions/m);
    t.press('/');
    await t.waitForText(/^\/▏/m);
    await typeLikeAUser(t, 'user:flt', (typed) => new RegExp(`^/${escapeRegExp(typed)}▏`, 'm'));
    await t.waitFor(() => {
      const users = columnValues(t, 'USER');
      return users.length === 3 && users.every((u) => /^flt\d$/.test(u));
    }, 'only the three flt sessions');
    t.press('enter');
    await t.waitForText('filter "user:flt"');
    await t.waitForText(/43 sessions \(3 shown\)/);

    t.press('/');
    await t.waitForText(/^\/user:flt▏/m);
    t.press('esc');
    await t.waitForNoText('filter "');
    await t.waitFor(() => tableRows(t.screenLines()).length > 3, 'all rows back');

    t.press('m');
    await t.waitForText('minimum idle (300, 5m, 1h)');
    await typeLikeAUser(t, '10000', (typed) => new RegExp(`minimum idle \\(300, 5m, 1h\\): ${typed}▏`));
    t.press('enter');
    const idle = sim.model.sessions().filter((s) => sim.model.now() - s.busyUntil >= 10_000_000);
    await t.waitForText(new RegExp(`^43 sessions \\(${idle.length} shown\\)`, 'm'));
    await t.waitForText('idle ≥ 2h46m');
    const idleIds = new Set(idle.map((s) => s.id));
    const shown = tableRows(t.screenLines());
    expect(shown.length).toBeGreaterThan(0);
    for (const row of shown) expect(idleIds.has(row.id), `row ${row.id} is idle ≥ 10000 s`).toBe(true);
  });

  it('pauses with p (marked, no updates) and catches up on resume; + and - change the interval', async () => {
    const { sim, t } = await tableFixture(fx);
    t.press('p');
    await t.waitForText(' PAUSED ');
    sim.model.addSession({ user: 'late1', idleSeconds: 90_000 });
    // Time passes on screen (the data age grows) while the new session stays unseen.
    await t.waitForText(/age [3-9]s/, 8000);
    expect(t.screenText()).not.toContain('late1');
    expect(t.screenText()).toMatch(/^40 sessions/m);
    t.press('p');
    await t.waitForNoText(' PAUSED ');
    await t.waitForText('late1', 3000);
    await t.waitForText(/^41 sessions/m);

    await t.waitForText('every 1s');
    t.press('+');
    await t.waitForText('every 2s');
    t.press('-');
    await t.waitForText('every 1s');
    t.press('-');
    await t.waitForText('every 0.5s');
  });

  it('shows every key with ?, and any key closes the help', async () => {
    const { t } = await tableFixture(fx);
    t.press('?');
    await t.waitForText(/^Keys$/m);
    for (const group of ['Move', 'Sort', 'Detail', 'Close', 'Filter', 'Refresh', 'Other']) {
      expect(t.screenText()).toMatch(new RegExp(`^${group}\\s`, 'm'));
    }
    expect(t.layoutViolations).toEqual([]);
    t.press('x');
    await t.waitForNoText(/^Keys$/m);
    await t.waitFor(() => tableRows(t.screenLines()).length > 0, 'the table again');
  });

  it(
    'redraws to the new size when the terminal is resized, both ways',
    async () => {
      const { t } = await tableFixture(fx, 80, 24);
      const narrowRows = tableRows(t.screenLines()).length;
      // A frame laid out for exactly this width: the table header is the one the layout makes for it
      // (two marker cells, then the columns; the screen's lines are trimmed on the right).
      const headerFor = (cols: number) =>
        ('  ' + formatHeader(layoutColumns(cols - 2, { multiTarget: false, hasMemory: true, hasIo: true }), { column: 'idle', descending: true })).trimEnd();
      const laidOutFor = (cols: number, rows: (n: number) => boolean) => () => {
        const lines = t.screenLines();
        const header = lines[tableHeaderIndex(lines)];
        return lines[0].startsWith('sesstop ') && header === headerFor(cols) && rows(tableRows(lines).length);
      };
      await resizeAndSettle(t, 200, 50, laidOutFor(200, (n) => n === SESSIONS));
      expect(t.screenLines()[49]).toBe('');
      await resizeAndSettle(t, 100, 30, laidOutFor(100, (n) => n > narrowRows && n < SESSIONS));
      expect(t.screenLines()[29]).toBe('');
      await resizeAndSettle(t, 80, 24, laidOutFor(80, (n) => n === narrowRows));
      expect(t.screenLines()[23]).toBe('');
    },
  );

  it(
    'acts on every key when several arrive in one read (fast typing, key repeat, SSH)',
    async () => {
      const { sim, t } = await tableFixture(fx);
      const order = idsByIdle(sim);
      t.type('jjj');
      await cursorOn(t, order[3], 'three j in one read');
      t.type('G?');
      await t.waitForText(/^Keys$/m);
      t.press('x');
      await cursorOn(t, order[SESSIONS - 1], 'G before ? in the same read');
    },
  );

  it.each([
    { how: 'q', quit: (t: SesstopTerminal) => t.press('q'), code: 0 },
    { how: 'Ctrl-C', quit: (t: SesstopTerminal) => t.press('ctrl-c'), code: 0 },
    { how: 'SIGTERM', quit: (t: SesstopTerminal) => t.signalApp('SIGTERM'), code: 143 },
    { how: 'SIGINT (kill -INT)', quit: (t: SesstopTerminal) => t.signalApp('SIGINT'), code: 130 },
    { how: 'SIGHUP', quit: (t: SesstopTerminal) => t.signalApp('SIGHUP'), code: 129 },
    { how: 'q from the help screen', help: true, quit: (t: SesstopTerminal) => t.press('q'), code: 0 },
    { how: 'q from the detail pane', detail: true, quit: (t: SesstopTerminal) => t.press('q'), code: 0 },
  ])('quitting with $how restores the terminal (alt screen left, cursor shown, echo and line mode back)', async ({ quit, code, ...from }) => {
    const { t } = await tableFixture(fx);
    if ('help' in from) {
      t.press('?');
      await t.waitForText(/^Keys$/m);
    }
    if ('detail' in from) {
      t.press('enter');
      await t.waitForText('Backend connections');
    }
    quit(t);
    expect(await t.appExit()).toBe(code);
    expect(t.restoreProblems()).toEqual([]);
    expect(t.escapeViolations()).toEqual([]);
  });
});
