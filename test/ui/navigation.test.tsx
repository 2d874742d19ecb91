// Moving, sorting, following the session, filtering, min idle, help and quitting, on the real
// pool over the simulator.
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startUi, type UiHarness } from './helpers/harness.js';
import { cursorRowId, cursorSession, visibleIds } from './helpers/screen.js';
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN } from '../../src/ui/terminal.js';
import { tableHeight } from '../../src/ui/state.js';

let ui: UiHarness | undefined;
afterEach(async () => {
  if (ui) await ui.quit().catch(() => undefined);
  ui = undefined;
});

describe('moving the cursor', () => {
  it('moves with arrows, j, Ctrl-N/P, PgUp/PgDn, Home/End and g/G', async () => {
    ui = await startUi({ sim: { sessions: 60 } });
    const ids = visibleIds(ui);
    const at = (i: number): void => {
      expect(cursorSession(ui!).id).toBe(ids[i]);
      expect(cursorRowId(ui!)).toBe(ids[i]);
    };
    at(0);
    await ui.press(KEYS.down);
    at(1);
    await ui.press('j');
    at(2);
    await ui.press('\x0e'); // Ctrl-N
    at(3);
    await ui.press(KEYS.up, '\x10'); // ↑, Ctrl-P
    at(1);
    const page = tableHeight(24);
    await ui.press(KEYS.pageDown);
    at(1 + page);
    await ui.press(KEYS.pageUp);
    at(1);
    await ui.press(KEYS.end);
    at(ids.length - 1);
    await ui.press(KEYS.home);
    at(0);
    await ui.press('G');
    at(ids.length - 1);
    await ui.press('g');
    at(0);
    await ui.press(KEYS.up);
    at(0);
  });
});

describe('the cursor follows the session', () => {
  it('stays on the same session across re-sorts and arrivals', async () => {
    ui = await startUi({ sim: { sessions: 30 } });
    await ui.press(KEYS.down, KEYS.down, KEYS.down);
    const chosen = cursorSession(ui);
    await ui.press('U'); // sort by user
    expect(cursorSession(ui).key).toBe(chosen.key);
    expect(cursorRowId(ui)).toBe(chosen.id);
    await ui.press('I'); // back to idle
    for (let i = 0; i < 5; i++) ui.sim.model.addSession({ user: `new${i}`, idleSeconds: 100_000 + i });
    await ui.tick(2);
    expect(ui.frame()).toContain('new4');
    expect(cursorSession(ui).key).toBe(chosen.key);
    expect(cursorRowId(ui)).toBe(chosen.id);
    expect(ui.frame()).toMatch(/\+5\/-0 per poll/);
  });

  it('moves to the neighbour when the session leaves, and says so', async () => {
    ui = await startUi({ sim: { sessions: 10 } });
    await ui.press(KEYS.down, KEYS.down);
    const ids = visibleIds(ui);
    ui.sim.model.close(ids[2]);
    await ui.tick(2);
    expect(cursorSession(ui).id).toBe(ids[3]);
    expect(ui.frame()).toContain(`session ${ids[2]} left; cursor moved to its neighbour`);
  });
});

describe('sorting', () => {
  it('has a key per column; the same key reverses; < and > move the column', async () => {
    ui = await startUi({ sim: { sessions: 15 } });
    expect(ui.frame()).toContain('IDLE▼');
    const cases: [string, string, string][] = [
      ['N', 'id', 'ID▲'],
      ['U', 'user', 'USER▲'],
      ['C', 'client', 'CLIENT▲'],
      ['S', 'service', 'SERVICE▲'],
      ['T', 'state', 'STATE▲'],
      ['A', 'connected', 'CONNECTED▼'],
      ['B', 'backends', 'BACKENDS▼'],
      ['M', 'memory', 'MEMORY▼'],
      ['O', 'io', 'I/O▼'],
      ['I', 'idle', 'IDLE▼'],
    ];
    for (const [key, column, header] of cases) {
      await ui.press(key);
      expect(ui.store.getState().sort).toBe(column);
      expect(ui.frame()).toContain(header);
    }
    await ui.press('N');
    expect(visibleIds(ui)).toEqual([...visibleIds(ui)].sort((a, b) => a - b));
    await ui.press('N');
    expect(ui.frame()).toContain('ID▼');
    expect(visibleIds(ui)).toEqual([...visibleIds(ui)].sort((a, b) => b - a));
    expect(ui.frame()).toContain('sort id▼');
    await ui.press('>');
    expect(ui.store.getState().sort).toBe('host');
    await ui.press('<', '<');
    expect(ui.store.getState().sort).toBe('io');
    // H sorts by host (column shown only with several targets; the sort still applies).
    await ui.press('H');
    expect(ui.store.getState().sort).toBe('host');
  });
});

describe('filter and minimum idle', () => {
  it('filters as you type with field:value and !, shows errors, Esc clears', async () => {
    ui = await startUi({ sim: { sessions: 40 } });
    const all = visibleIds(ui).length;
    await ui.press('/', ...'user:app');
    const users = ui.store.getState().visible.map((s) => s.user);
    expect(users.length).toBeGreaterThan(0);
    expect(users.length).toBeLessThan(all);
    expect(users.every((u) => u!.includes('app'))).toBe(true);
    expect(ui.frame()).toContain('/user:app');
    await ui.press(' ', '!', 'i', 'd', ':', String(ui.store.getState().visible[0].id));
    expect(ui.store.getState().visible.length).toBe(users.length - 1);
    await ui.press(' colour:red'); // pasted: one input
    expect(ui.frame()).toContain("filter: unknown field 'colour'");
    // The last valid filter stays applied while the text is invalid.
    expect(ui.store.getState().visible.length).toBe(users.length - 1);
    // Enter does not take text that is not a filter: the prompt and its error stay, and the
    // key hint no longer offers Enter.
    expect(ui.frame()).toContain('fix it, ⌫ or Ctrl-U · Esc clear');
    await ui.press(KEYS.enter);
    expect(ui.store.getState().mode).toBe('filter');
    expect(ui.frame()).toContain("filter: unknown field 'colour'");
    for (let i = 0; i < 'colour:red'.length + 1; i++) await ui.press(KEYS.backspace);
    expect(ui.frame()).not.toContain('unknown field');
    await ui.press(KEYS.enter);
    expect(ui.store.getState().mode).toBe('table');
    expect(ui.frame()).toMatch(/filter "user:app !id:\d+"/);
    await ui.press('/', KEYS.escape);
    expect(visibleIds(ui).length).toBe(all);
    expect(ui.frame()).not.toContain('filter "');
  });

  it('the header names the filter applied, never text that is not a filter', async () => {
    ui = await startUi({ sim: { sessions: 40 } });
    const all = visibleIds(ui).length;
    const header = (): string => ui!.lines()[2];
    await ui.press('/', 'user:web foo:bar'); // pasted: one input, invalid (unknown field)
    expect(ui.frame()).toContain("filter: unknown field 'foo'");
    expect(visibleIds(ui).length).toBe(all);
    expect(header()).not.toContain('filter');
    await ui.press(KEYS.escape, '/', 'user:app', KEYS.enter, '/', ' foo:bar');
    const shown = visibleIds(ui).length;
    expect(shown).toBeLessThan(all);
    expect(header()).toContain('filter "user:app"');
    expect(header()).not.toContain('foo:bar');
    await ui.press(KEYS.escape);
    expect(header()).not.toContain('filter');
    expect(visibleIds(ui).length).toBe(all);
  });

  it('an invalid --filter applies nothing and the header names none', async () => {
    ui = await startUi({ sim: { sessions: 10 }, ui: { filter: 'nope:x' } });
    expect(visibleIds(ui).length).toBe(10);
    expect(ui.lines()[2]).not.toContain('filter');
  });

  it('sets a minimum idle by key, and starts with one from the options', async () => {
    ui = await startUi({ sim: { sessions: 40 }, ui: { minIdle: 60 } });
    expect(ui.store.getState().visible.every((s) => s.idle! >= 60)).toBe(true);
    await ui.press('m', KEYS.backspace, KEYS.backspace, ...'600', KEYS.enter);
    const idles = ui.store.getState().visible.map((s) => s.idle!);
    expect(idles.every((i) => i >= 600)).toBe(true);
    expect(ui.frame()).toContain('idle ≥ 10m00s');
    await ui.press('m', KEYS.escape);
    expect(ui.store.getState().minIdle).toBe(600);
    await ui.press('m', KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.enter);
    expect(ui.store.getState().minIdle).toBe(0);
    expect(ui.frame()).toContain('minimum idle cleared');
  });
});

describe('the key line on an empty list', () => {
  /** Wide enough for the whole key line (at 120 columns its end is cut). */
  const WIDE = 160;
  const keyLine = (): string => ui!.lines().find((l) => l.startsWith('? help'))!;
  /** What the key line offers on an empty list: each of these acts there. */
  const EMPTY_KEYS = ['? help', 'q quit', '/ filter', 'm min-idle', 'I U C… sort', 'p pause', 'r refresh'];
  /** What it offers only with a session under the cursor. */
  const CURSOR_KEYS = ['↑↓ move', 'Enter detail', 'k close', 'Space tag'];

  it('no sessions at all: only keys that act are offered; ↑↓, Enter, Space and k do nothing', async () => {
    ui = await startUi({ sim: { sessions: 0 }, columns: WIDE });
    expect(ui.frame()).toContain('no sessions');
    for (const k of EMPTY_KEYS) expect(keyLine()).toContain(k);
    for (const k of CURSOR_KEYS) expect(keyLine()).not.toContain(k);
    await ui.press(KEYS.down, KEYS.enter, ' ', 'k');
    const s = ui.store.getState();
    expect(s.mode).toBe('table');
    expect(s.detail).toBeNull();
    expect(s.confirm).toBeNull();
    expect(s.tags.size).toBe(0);
    // A session arrives: the keys that need one come back.
    ui.sim.model.addSession({ user: 'app' });
    await ui.tick(2);
    expect(visibleIds(ui)).toHaveLength(1);
    for (const k of [...EMPTY_KEYS, ...CURSOR_KEYS]) expect(keyLine()).toContain(k);
  });

  it('a filter that matches none hides them; clearing it brings them back; read-only never offers k', async () => {
    ui = await startUi({ sim: { sessions: 5 }, columns: WIDE });
    for (const k of CURSOR_KEYS) expect(keyLine()).toContain(k);
    await ui.press('/', 'id:99999', KEYS.enter);
    expect(ui.frame()).toContain('no session matches the filter');
    for (const k of EMPTY_KEYS) expect(keyLine()).toContain(k);
    for (const k of CURSOR_KEYS) expect(keyLine()).not.toContain(k);
    await ui.press('/', KEYS.escape);
    expect(visibleIds(ui)).toHaveLength(5);
    for (const k of CURSOR_KEYS) expect(keyLine()).toContain(k);
    await ui.quit();
    ui = await startUi({ sim: { sessions: 5 }, columns: WIDE, ui: { readOnly: true, filter: 'id:99999' } });
    for (const k of CURSOR_KEYS) expect(keyLine()).not.toContain(k);
    await ui.press('/', KEYS.escape);
    expect(keyLine()).toContain('Enter detail');
    expect(keyLine()).not.toContain('k close');
    expect(keyLine()).not.toContain('Space tag');
  });

  it('tagged sessions the filter hides: k still closes them, so it stays offered (Space, ↑↓ and Enter do not)', async () => {
    ui = await startUi({ sim: { sessions: 5 }, columns: WIDE });
    const tagged = cursorSession(ui);
    await ui.press(' ', '/', 'id:99999', KEYS.enter);
    expect(ui.store.getState().visible).toHaveLength(0);
    expect(keyLine()).toContain('k close');
    for (const k of ['↑↓ move', 'Enter detail', 'Space tag']) expect(keyLine()).not.toContain(k);
    await ui.press('k');
    expect(ui.store.getState().mode).toBe('confirm');
    expect(ui.store.getState().confirm?.map((s) => s.key)).toEqual([tagged.key]);
  });
});

describe('pause, interval, refresh, help, quit', () => {
  it('p pauses polling (marked) and resume catches up at once', async () => {
    ui = await startUi({ sim: { sessions: 5 } });
    await ui.press('p');
    expect(ui.frame()).toContain('PAUSED');
    const attempts = ui.store.getState().attempts;
    ui.sim.model.addSession({ user: 'latecomer', idleSeconds: 99_999 });
    await ui.advance(30);
    expect(ui.store.getState().attempts).toBe(attempts);
    expect(ui.frame()).not.toContain('latecomer');
    await ui.press('p');
    await ui.waitFor((f) => f.includes('latecomer'), 'the catch-up poll');
    expect(ui.frame()).not.toContain('PAUSED');
  });

  it('+ and - change the interval, which the next poll uses', async () => {
    ui = await startUi({ sim: { sessions: 5 } });
    await ui.press('+');
    expect(ui.frame()).toContain('every 3s');
    expect(ui.clock.pendingTimeouts()).toEqual([3000]);
    await ui.press('-', '-');
    expect(ui.frame()).toContain('every 1s');
    expect(ui.clock.pendingTimeouts()).toEqual([1000]);
  });

  it('r refreshes now', async () => {
    ui = await startUi({ sim: { sessions: 5 } });
    ui.sim.model.addSession({ user: 'fresh-one', idleSeconds: 99_999 });
    await ui.press('r');
    await ui.waitFor((f) => f.includes('fresh-one'), 'the refreshed list');
  });

  it('? shows help listing every key; any key closes it', async () => {
    ui = await startUi({ sim: { sessions: 5 }, rows: 30 });
    await ui.press('?');
    const help = ui.frame();
    for (const word of ['PgUp/PgDn', 'Home/End', 'g/G', 'Enter', 'Delete', 'Space', '/ then type', 'field:value', 'p pause', '+\u00a0/\u00a0-', 'r refresh', 'q or Ctrl-C', 'k is close', '<\u00a0/\u00a0>', 'm then 300, 30s, 5m or 1h']) {
      expect(help).toContain(word);
    }
    await ui.press('x');
    expect(ui.store.getState().mode).toBe('table');
  });

  it('q quits with 0, entering and leaving the alternate screen', async () => {
    ui = await startUi({ sim: { sessions: 5 } });
    const h = ui;
    ui = undefined;
    expect(h.stdout.writes[0]).toBe(ENTER_ALT_SCREEN);
    expect(await h.quit()).toBe(0);
    expect(h.stdout.writes.at(-1)).toBe(LEAVE_ALT_SCREEN);
  });

  it('Ctrl-C quits with 0 and restores the screen', async () => {
    ui = await startUi({ sim: { sessions: 5 } });
    const h = ui;
    ui = undefined;
    await h.press(KEYS.ctrlC);
    expect(await h.exit).toBe(0);
    expect(h.stdout.writes.at(-1)).toBe(LEAVE_ALT_SCREEN);
    await h.pool.close();
    await h.sim.close();
  });
});
