// Esc and the key typed right after it, read together (fast typing, SSH; Alt+key sends the same
// bytes): Ink reports `\x1bk` as one key, meta+k. It is Esc, then k, in every mode.
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startUi, type UiHarness } from './helpers/harness.js';
import { cursorSession, visibleIds } from './helpers/screen.js';

let ui: UiHarness | undefined;
afterEach(async () => {
  if (ui) await ui.quit().catch(() => undefined);
  ui = undefined;
});

/** Tags the first two rows; the cursor ends on the third. */
async function tagTwo(h: UiHarness): Promise<void> {
  await h.press(' ', ' ');
  expect(h.store.getState().tags.size).toBe(2);
}

describe('Esc read together with the next key', () => {
  it('Esc+k in the list clears the tags, then k asks about the session under the cursor alone', async () => {
    ui = await startUi({ sim: { sessions: 10 } });
    await tagTwo(ui);
    const under = cursorSession(ui);
    await ui.press('\x1bk'); // one read
    const s = ui.store.getState();
    expect(s.tags.size).toBe(0);
    expect(s.mode).toBe('confirm');
    expect(s.confirm?.map((x) => x.id)).toEqual([under.id]);
    expect(ui.frame()).not.toContain('Close these 2 tagged sessions?');
  });

  it('Esc+j in the list clears the tags, then moves down', async () => {
    ui = await startUi({ sim: { sessions: 10 } });
    await tagTwo(ui);
    const ids = visibleIds(ui);
    await ui.press('\x1bj');
    expect(ui.store.getState().tags.size).toBe(0);
    expect(cursorSession(ui).id).toBe(ids[3]);
  });

  it('Esc+punctuation too (Ink drops the meta flag of ESC + a non-alphanumeric key): Esc+/ clears tags, then opens the filter', async () => {
    ui = await startUi({ sim: { sessions: 10 } });
    await tagTwo(ui);
    await ui.press('\x1b/');
    expect(ui.store.getState().tags.size).toBe(0);
    expect(ui.store.getState().mode).toBe('filter');
    // In the prompt: Esc clears it, / opens a new, empty one (not `app/`).
    await ui.press('app', '\x1b/');
    expect(ui.store.getState().mode).toBe('filter');
    expect(ui.store.getState().filterText).toBe('');
  });

  it('Esc+Backspace in the list clears the tags, then Backspace acts on the session under the cursor alone', async () => {
    ui = await startUi({ sim: { sessions: 10 } });
    await tagTwo(ui);
    const under = cursorSession(ui);
    await ui.press('\x1b\x7f');
    const s = ui.store.getState();
    expect(s.tags.size).toBe(0);
    expect(ui.frame()).not.toContain('Close these 2 tagged sessions?');
    if (s.mode === 'confirm') expect(s.confirm?.map((x) => x.id)).toEqual([under.id]);
  });

  it('in the filter prompt, Esc+Enter clears the filter, then Enter opens the session under the cursor', async () => {
    ui = await startUi({ sim: { sessions: 10 } });
    await ui.press('/', 'a', 'p', 'p');
    expect(ui.store.getState().filterText).toBe('app');
    await ui.press('\x1b\r');
    const s = ui.store.getState();
    expect([s.filterText, s.filterApplied, s.mode]).toEqual(['', '', 'detail']);
  });

  it('in the confirmation, Esc+y cancels and closes nothing, even once y would act', async () => {
    ui = await startUi({ sim: { sessions: 6 } });
    await tagTwo(ui);
    await ui.press('k');
    expect(ui.store.getState().confirmSeenAll).toBe(true);
    await ui.press('\x1by');
    await ui.controller.settled();
    expect(ui.store.getState().mode).toBe('table');
    expect(ui.store.getState().closing).toBe(false);
    expect(ui.outcomes).toEqual([]);
    expect(ui.sim.model.size).toBe(6);
    expect(ui.frame()).toContain('cancelled: nothing was closed');
  });

  it('in the filter prompt, Esc+j clears the filter, then moves', async () => {
    ui = await startUi({ sim: { sessions: 10 } });
    const ids = visibleIds(ui);
    await ui.press('/', 'app');
    // The cursor stays on its session when the filter goes, then moves to the next row.
    const at = ids.indexOf(cursorSession(ui).id);
    await ui.press('\x1bj');
    const s = ui.store.getState();
    expect([s.mode, s.filterText]).toEqual(['table', '']);
    expect(cursorSession(ui).id).toBe(ids[at + 1]);
  });

  it('in the min-idle prompt, Esc+j cancels it, then moves', async () => {
    ui = await startUi({ sim: { sessions: 10 } });
    const ids = visibleIds(ui);
    await ui.press('m', '60', '\x1bj');
    const s = ui.store.getState();
    expect([s.mode, s.minIdle]).toEqual(['table', 0]);
    expect(cursorSession(ui).id).toBe(ids[1]);
  });

  it('in help, Esc+j closes it, then moves', async () => {
    ui = await startUi({ sim: { sessions: 10 } });
    const ids = visibleIds(ui);
    await ui.press('?', '\x1bj');
    expect(ui.store.getState().mode).toBe('table');
    expect(cursorSession(ui).id).toBe(ids[1]);
  });

  it('in the detail view, Esc+j goes back to the list, then moves', async () => {
    ui = await startUi({ sim: { sessions: 10 } });
    const ids = visibleIds(ui);
    await ui.press(KEYS.enter, '\x1bj');
    const s = ui.store.getState();
    expect([s.mode, s.detail]).toEqual(['table', null]);
    expect(cursorSession(ui).id).toBe(ids[1]);
  });

  it('Alt+arrows stay arrows (ESC + a key sequence, not ESC + a character)', async () => {
    ui = await startUi({ sim: { sessions: 10 } });
    await tagTwo(ui);
    const ids = visibleIds(ui);
    await ui.press('\x1b\x1b[B', '\x1b[1;3B');
    expect(ui.store.getState().tags.size).toBe(2);
    expect(cursorSession(ui).id).toBe(ids[4]);
  });
});
