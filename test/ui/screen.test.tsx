// Layout at 80×24 and 250 columns, live resize, hostile text, colour on/off, the detail pane.
import { afterEach, describe, expect, it } from 'vitest';
import chalk from 'chalk';
import { KEYS, startUi, type UiHarness } from './helpers/harness.js';
import { cursorSession, frameGeometry } from './helpers/screen.js';

let ui: UiHarness | undefined;
afterEach(async () => {
  if (ui) await ui.quit().catch(() => undefined);
  ui = undefined;
});

function expectFits(h: UiHarness, columns: number, rows: number): void {
  const { lines, maxWidth } = frameGeometry(h.frame());
  expect(lines.length).toBeLessThanOrEqual(rows - 1);
  expect(maxWidth).toBeLessThanOrEqual(columns);
}

describe('layout', () => {
  it('80×24: rows − 1 lines, none wider than 80, low-priority columns dropped', async () => {
    ui = await startUi({ sim: { sessions: 200 }, columns: 80, rows: 24 });
    expectFits(ui, 80, 24);
    const { lines } = frameGeometry(ui.frame());
    expect(lines.length).toBe(23);
    const header = lines.find((l) => l.includes('ID') && l.includes('USER'))!;
    expect(header).toContain('IDLE');
    expect(header).not.toContain('I/O');
    for (const key of ['?', 'x', KEYS.enter]) {
      await ui.press(key);
      expectFits(ui, 80, 24);
    }
    await ui.press(KEYS.escape, 'k');
    expectFits(ui, 80, 24);
  });

  it('250 columns: every column shown, lines fit, only visible rows rendered', async () => {
    ui = await startUi({ sim: { sessions: 500 }, columns: 250, rows: 50 });
    expectFits(ui, 250, 50);
    const { lines } = frameGeometry(ui.frame());
    const header = lines.find((l) => l.includes('USER'))!;
    for (const t of ['ID', 'USER', 'CLIENT', 'SERVICE', 'STATE', 'CONNECTED', 'IDLE', 'BACKENDS', 'MEMORY', 'I/O']) {
      expect(header).toContain(t);
    }
    expect(lines.length).toBe(49);
    await ui.press(KEYS.end);
    expectFits(ui, 250, 50);
    expect(frameGeometry(ui.frame()).lines.filter((l) => l.startsWith('>'))).toHaveLength(1);
  });

  it('40×8: the row shows ID, USER, SERVICE and IDLE; USER does not take most of the width', async () => {
    ui = await startUi({ sim: { sessions: 20 }, columns: 40, rows: 8 });
    expectFits(ui, 40, 8);
    const header = frameGeometry(ui.frame()).lines.find((l) => l.includes('ID') && l.includes('USER'))!;
    expect(header.trimEnd()).toBe('      ID USER       SERVICE        IDLE▼');
    const row = frameGeometry(ui.frame()).lines.find((l) => l.startsWith('>'))!;
    expect(row).toContain(cursorSession(ui).service!.slice(0, 8));
  });

  it('follows a live resize', async () => {
    ui = await startUi({ sim: { sessions: 100 }, columns: 120, rows: 40 });
    expectFits(ui, 120, 40);
    await ui.press(KEYS.pageDown);
    await ui.press(); // settle
    await ui.resize(70, 15);
    expect(ui.store.getState().columns).toBe(70);
    expectFits(ui, 70, 15);
    expect(frameGeometry(ui.frame()).lines.filter((l) => l.startsWith('>'))).toHaveLength(1);
    await ui.resize(40, 8);
    expect(ui.store.getState().rows).toBe(8);
    expectFits(ui, 40, 8);
  });
});

describe('hostile server text', () => {
  it('is shown made visible, never as escape sequences, in the table, detail and confirmation', async () => {
    const osc52 = '\x1b]52;c;ZWNobyBwd25lZA==\x07';
    ui = await startUi({
      sim: { sessions: 3 },
      setup: (sim) => {
        sim.model.addSession({
          user: osc52,
          state: '\x9b2J\u202eevil',
          address: '10.0.0.1\x1b[2J',
          idleSeconds: 1e6,
          queries: ['SELECT 1; \x1b[31m-- \u2066hidden\u2069'],
          clientAttributes: { _client_name: '\x1bPtmux;\x1b\x1b]0;x\x07\x1b\\' },
          servers: ['db\x1b[5m-01'],
        });
      },
    });
    const check = (): void => {
      const frame = ui!.frame();
      // color:false and no TTY colours in tests: the frame has no escape at all.
      expect(frame).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    };
    check();
    expect(ui.frame()).toContain('^[]52;c;');
    expect(cursorSession(ui).user).toBe(osc52);
    await ui.press(KEYS.enter);
    await ui.waitFor(() => ui!.store.getState().detail?.session != null, 'the detail');
    await ui.press();
    check();
    expect(ui.frame()).toContain('<U+2066>hidden');
    expect(ui.frame()).toContain('db^[[5m-01');
    await ui.press('k');
    check();
    expect(ui.frame()).toContain('Close session');
  });
});

describe('colour', () => {
  it('colours idle sessions when on, and uses none when off (NO_COLOR / --no-color)', async () => {
    const level = chalk.level;
    chalk.level = 1; // a colour terminal
    try {
      ui = await startUi({ sim: { sessions: 30 }, ui: { color: true } });
      expect(ui.frame()).toMatch(/\x1b\[3[13]m/); // red or yellow rows (idle over the thresholds)
      await ui.quit();
      ui = await startUi({ sim: { sessions: 30 }, ui: { color: false } });
      expect(ui.frame()).not.toMatch(/\x1b\[(3[0-7]|9[0-7]|38;)/);
      expect(ui.frame()).toMatch(/\x1b\[7m/); // the cursor stays visible (inverse, not colour)
    } finally {
      chalk.level = level;
    }
  });
});

describe('detail pane', () => {
  it('Enter opens backend connections with rates after the next poll; ← and Esc close it', async () => {
    ui = await startUi({
      sim: { sessions: 3, dialects: ['seed'] },
      setup: (sim) => {
        sim.model.addSession({ user: 'busy', idleSeconds: 1e6, activity: 'chatty', servers: ['db-serv-01', 'db-serv-02'] });
      },
      rows: 30,
    });
    expect(cursorSession(ui).user).toBe('busy');
    await ui.press(KEYS.enter);
    await ui.waitFor((f) => f.includes('Backend connections (2)'), 'the connections');
    const frame = ui.frame();
    expect(frame).toContain('db-serv-01');
    expect(frame).toContain('db-serv-02');
    expect(frame).toContain('READS/S');
    for (let i = 0; i < 3; i++) await ui.tick(2);
    await ui.waitFor(() => (ui!.store.getState().detail?.rates ?? []).some((r) => r.readsPerSec !== null), 'rates');
    await ui.press(KEYS.left);
    expect(ui.store.getState().mode).toBe('table');
    expect(ui.store.getState().detail).toBeNull();
    await ui.press(KEYS.right);
    expect(ui.store.getState().mode).toBe('detail');
    await ui.press(KEYS.escape);
    expect(ui.store.getState().mode).toBe('table');
  });

  it('v1 shows backend ids, cipher, memory, queries and client attributes', async () => {
    ui = await startUi({
      sim: { sessions: 3, dialects: ['v1'] },
      setup: (sim) => {
        sim.model.addSession({ user: 'reporter', idleSeconds: 1e6, queries: ['SELECT * FROM big_table'], clientAttributes: { _client_name: 'libmariadb', program_name: 'report.py' } });
      },
      columns: 160,
      rows: 30,
    });
    await ui.press(KEYS.enter);
    await ui.waitFor((f) => f.includes('Recent queries'), 'the v1 detail');
    const frame = ui.frame();
    expect(frame).toContain('SELECT * FROM big_table');
    expect(frame).toContain('program_name=report.py');
    expect(frame).toContain('CONN-ID');
    // No backend connection is encrypted here: the CIPHER column still shows, with `-`.
    const lines = frame.split('\n');
    const header = lines.find((l) => l.startsWith('SERVER '))!;
    expect(header).toMatch(/ CIPHER$/);
    expect(lines[lines.indexOf(header) + 1]).toMatch(/ -$/);
    expect(frame).toMatch(/memory \d/);
    // Closing from the detail pane closes the session shown.
    const shown = ui.store.getState().detail!.key;
    await ui.press('k');
    expect(ui.store.getState().confirm!.map((s) => s.key)).toEqual([shown]);
    await ui.press('n');
    expect(ui.store.getState().mode).toBe('detail');
  });
});

describe('several targets', () => {
  it('shows a HOST column, and keeps a down target’s sessions (older data) while the other stays fresh, not STALE', async () => {
    ui = await startUi({ sim: { sessions: 4 }, targets: 2, columns: 140, rows: 20 });
    const [a, b] = ui.sims;
    const hostA = a.url.replace('http://', '');
    const hostB = b.url.replace('http://', '');
    expect(ui.frame()).toContain('HOST');
    expect(ui.frame()).toContain('8 sessions');
    expect(ui.frame()).toContain(`${hostA} ok`);
    await b.stop();
    b.model.addSession({ user: 'unseen' });
    a.model.addSession({ user: 'seen-on-a', idleSeconds: 1e6 });
    await ui.tick(2);
    const frame = ui.frame();
    expect(frame).toContain(`${hostB} down`);
    expect(frame).toContain('seen-on-a');
    expect(frame).toContain('9 sessions'); // 5 fresh from a + 4 kept from b
    // Some hosts answered: the view is live, the footer names the down host.
    expect(frame).not.toMatch(/STALE/);
    expect(frame).toMatch(new RegExp(`cannot reach ${hostB.replace(/\./g, '\\.')}`));
    expect(ui.store.getState().sessions.filter((s) => s.target === hostB)).toHaveLength(4);
    await ui.press('H');
    expect(ui.frame()).toContain('HOST▲');
  });
});

describe('counts', () => {
  it('one session is "1 session"', async () => {
    ui = await startUi({ sim: { sessions: 1 } });
    expect(ui.lines()[1]).toMatch(/^1 session /);
    ui.sim.model.addSession({ user: 'second' });
    await ui.tick(2);
    expect(ui.lines()[1]).toMatch(/^2 sessions /);
  });
});

describe('a detail pane whose session goes', () => {
  // MaxScale restarted and gave the id to another session: the pane stays on the session the
  // user opened, as when a session simply leaves, and k never reaches the newcomer.
  it('an id now naming another session: the pane keeps the one opened, marked as left, and k closes nothing', async () => {
    ui = await startUi({
      sim: { sessions: 3, dialects: ['seed'] },
      setup: (sim) => void sim.model.addSession({ user: 'alice', address: '192.0.2.10', idleSeconds: 1e6 }),
      rows: 30,
    });
    const s = cursorSession(ui);
    expect(s.user).toBe('alice');
    await ui.press(KEYS.enter);
    await ui.waitFor(() => ui!.store.getState().detail?.session != null, 'the detail');
    const m = ui.sim.model.get(s.id)!;
    Object.assign(m, { user: 'mallory', address: '198.51.100.7', port: m.port + 1, connectedAt: ui.sim.model.now() });
    await ui.tick(2);
    await ui.waitFor((f) => f.includes('has left') || f.includes('mallory'), 'the pane after the poll');
    await ui.tick(2); // a later poll changes nothing
    const frame = ui.frame();
    expect(frame).toContain(`session ${s.id} alice@192.0.2.10`);
    expect(frame).toContain('detail: this session has left (its id now names another session)');
    expect(frame).not.toContain('mallory');
    await ui.press('k');
    expect(ui.store.getState().mode).toBe('detail');
    expect(ui.store.getState().confirm).toBeNull();
  });

  it('once its session has left, the pane’s key line offers no k close, and k says why it does nothing', async () => {
    ui = await startUi({ sim: { sessions: 3 }, rows: 30 });
    const s = cursorSession(ui);
    await ui.press(KEYS.enter);
    await ui.waitFor(() => ui!.store.getState().detail?.session != null, 'the detail');
    const keyLine = (): string => ui!.lines().find((l) => l.startsWith('← / Esc back'))!;
    expect(keyLine()).toContain('k close');
    ui.sim.model.close(s.id);
    await ui.tick(2);
    await ui.waitFor((f) => f.includes('detail: this session has left'), 'the pane marked');
    expect(keyLine()).not.toContain('k close');
    await ui.press('k');
    expect(ui.frame()).toContain('this session has left: there is nothing to close');
  });

  it('a session that leaves stays shown, marked as left, and k closes nothing', async () => {
    ui = await startUi({ sim: { sessions: 3 }, rows: 30 });
    const s = cursorSession(ui);
    await ui.press(KEYS.enter);
    await ui.waitFor(() => ui!.store.getState().detail?.session != null, 'the detail');
    ui.sim.model.close(s.id);
    await ui.tick(2);
    await ui.waitFor((f) => f.includes('detail: this session has left'), 'the pane marked');
    expect(ui.frame()).toContain(`session ${s.id} ${s.user}@`);
    await ui.press('k');
    expect(ui.store.getState().confirm).toBeNull();
  });
});

describe('detail pane navigation', () => {
  it('↑/↓ in the detail pane show the previous/next session, fetching its details', async () => {
    ui = await startUi({ sim: { sessions: 5 }, rows: 30 });
    const ids = ui.store.getState().visible.map((s) => s.id);
    await ui.press(KEYS.enter);
    await ui.waitFor(() => ui!.store.getState().detail?.session?.id === ids[0], 'the first detail');
    await ui.press(KEYS.down);
    await ui.waitFor(() => ui!.store.getState().detail?.session?.id === ids[1], 'the next detail');
    expect(ui.frame()).toContain(`session ${ids[1]} `);
    expect(ui.frame()).toContain('↑↓ previous/next session');
    await ui.press(KEYS.up, KEYS.up);
    await ui.waitFor(() => ui!.store.getState().detail?.session?.id === ids[0], 'back at the first');
    expect(ui.store.getState().mode).toBe('detail');
  });
});
