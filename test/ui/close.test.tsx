// Closing sessions: the confirmed session is the one closed (checked on the simulator's model),
// the re-check refuses a changed session, tags, read-only, stale data and the audit hook.
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, startUi, type UiHarness } from './helpers/harness.js';
import { cursorSession } from './helpers/screen.js';
import { formatDuration } from '../../src/core/format.js';

let ui: UiHarness | undefined;
afterEach(async () => {
  if (ui) await ui.quit().catch(() => undefined);
  ui = undefined;
});

const live = (h: UiHarness): number[] => h.sim.model.sessions().map((s) => s.id);

async function closed(h: UiHarness): Promise<void> {
  await h.waitFor(() => !h.store.getState().closing && h.store.getState().confirm === null, 'the close to finish');
}

describe('closing one session', () => {
  it('k asks with id, user@client, service and idle; anything but y cancels', async () => {
    ui = await startUi({ sim: { sessions: 8 } });
    await ui.press(KEYS.down);
    const s = cursorSession(ui);
    await ui.press('k');
    const frame = ui.frame();
    expect(frame).toContain(`Close session ${s.id} ${s.user}@${s.address} service ${s.service} idle ${formatDuration(s.idle)}`);
    expect(frame).toContain('y = close');
    await ui.press('n');
    expect(ui.frame()).toContain('cancelled: nothing was closed');
    expect(live(ui)).toContain(s.id);
    await ui.press(KEYS.delete);
    expect(ui.store.getState().mode).toBe('confirm');
    await ui.press(KEYS.escape);
    expect(ui.store.getState().mode).toBe('table');
    expect(ui.sim.model.size).toBe(8);
  });

  it('y closes exactly the confirmed session, even if the list moved meanwhile', async () => {
    ui = await startUi({ sim: { sessions: 8 } });
    await ui.press(KEYS.down, KEYS.down);
    const s = cursorSession(ui);
    const others = live(ui).filter((id) => id !== s.id);
    await ui.press('k');
    // Arrivals re-sort the list under the open confirmation.
    ui.sim.model.addSession({ user: 'intruder', idleSeconds: 1e6 });
    await ui.tick(2);
    await ui.press('y');
    await closed(ui);
    expect(ui.sim.model.get(s.id)).toBeUndefined();
    expect(live(ui).sort()).toEqual([...others, ui.sim.model.peekNextId - 1].sort());
    expect(ui.outcomes.map((o) => [o.result, o.session.id])).toEqual([['closed', s.id]]);
    await ui.waitFor((f) => f.includes(`closed session ${s.id}`), 'the result in the footer');
    await ui.waitFor(() => !ui!.store.getState().visible.some((x) => x.id === s.id), 'the refreshed list');
  });

  it('an open question shows the session’s idle time from the latest poll, and the audit gets the one on screen', async () => {
    ui = await startUi({ sim: { sessions: 0 }, setup: (sim) => sim.model.addSession({ user: 'quiet', address: '192.0.2.9', idleSeconds: 100 }) });
    const s = cursorSession(ui);
    await ui.press('k');
    expect(ui.frame()).toContain(`Close session ${s.id} quiet@192.0.2.9`);
    expect(ui.frame()).toContain('idle 1m40s');
    // It stays idle for 30 s: the question counts on.
    for (let i = 0; i < 15; i++) await ui.tick(2);
    await ui.waitFor((f) => f.includes('idle 2m10s'), 'the idle time counting on');
    // Then it runs a statement that ends now: the question says so at the next poll, not 2m12s.
    const model = ui.sim.model.get(s.id)!;
    model.busyUntil = ui.sim.model.now();
    await ui.tick(2);
    await ui.waitFor((f) => /Close session \d+ quiet@192\.0\.2\.9 service \S+ idle [0-3]s/.test(f), 'the latest reading in the question');
    expect(ui.store.getState().mode).toBe('confirm');
    // Idle again for 6 s: the reading kept from the first poll after the statement counts on.
    for (let i = 0; i < 3; i++) await ui.tick(2);
    await ui.waitFor((f) => /quiet@192\.0\.2\.9 service \S+ idle [5-9]s/.test(f), 'the idle time counting on again');
    const shown = Number(/quiet@192\.0\.2\.9 service \S+ idle (\d)s/.exec(ui.frame())![1]);
    await ui.press('y');
    await closed(ui);
    expect(ui.outcomes).toHaveLength(1);
    expect(ui.outcomes[0].result).toBe('closed');
    expect(Math.floor(ui.outcomes[0].session.idle!)).toBe(shown);
  });

  it('the re-check refuses a session that changed since it was shown', async () => {
    ui = await startUi({ sim: { sessions: 5 } });
    const s = cursorSession(ui);
    await ui.press('k');
    ui.sim.model.get(s.id)!.user = 'someone-else';
    await ui.press('y');
    await closed(ui);
    expect(ui.sim.model.get(s.id)).toBeDefined();
    expect(ui.outcomes.map((o) => o.result)).toEqual(['refused']);
    expect(ui.frame()).toContain('not closed');
  });

  it('reports a session that is already gone', async () => {
    ui = await startUi({ sim: { sessions: 5 } });
    const s = cursorSession(ui);
    await ui.press('k');
    ui.sim.model.close(s.id);
    await ui.press('y');
    await closed(ui);
    expect(ui.outcomes.map((o) => o.result)).toEqual(['already-gone']);
    expect(ui.frame()).toContain('already gone');
  });

  it('a MaxScale that closes sessions (24.08) answering 404 to the DELETE: already gone, not "needs 22.08"', async () => {
    ui = await startUi({ sim: { sessions: 5 } });
    const s = cursorSession(ui);
    await ui.press('k');
    ui.sim.faults.rawReply = { status: 404, body: '', method: 'DELETE', pathPrefix: '/v1/sessions/' };
    await ui.press('y');
    await closed(ui);
    expect(ui.frame()).not.toContain('22.08');
    expect(ui.outcomes.map((o) => o.result)).toEqual(['already-gone']);
    expect(ui.frame()).toContain(`session ${s.id} on 127.0.0.1:${ui.sim.port} was already closed`);
    expect(ui.store.getState().message).toMatchObject({ kind: 'info' });
  });

  it('shows an audit-log failure in the footer', async () => {
    ui = await startUi({ sim: { sessions: 5 }, auditFails: true });
    const s = cursorSession(ui);
    await ui.press('k', 'y');
    await closed(ui);
    expect(ui.sim.model.get(s.id)).toBeUndefined();
    expect(ui.frame()).toContain('AUDIT LOG FAILED: audit log /var/log/sesstop.log: disk full');
  });
});

describe('tags', () => {
  it('Space tags; k closes all tagged after one confirmation listing them', async () => {
    ui = await startUi({ sim: { sessions: 10 }, rows: 30 });
    const a = cursorSession(ui);
    await ui.press(' ', KEYS.down); // tag a, skip one
    const b = cursorSession(ui);
    await ui.press(' ');
    expect(ui.frame()).toContain('2 tagged');
    expect(ui.frame()).toMatch(new RegExp(`^ \\*\\s+${a.id} `, 'm'));
    // Untag and re-tag b to exercise toggling.
    await ui.press(KEYS.up, ' ', KEYS.up, ' ');
    expect(ui.store.getState().tags.size).toBe(2);
    await ui.press('k');
    const frame = ui.frame();
    expect(frame).toContain('Close these 2 tagged sessions?');
    expect(frame).toContain(`session ${a.id} `);
    expect(frame).toContain(`session ${b.id} `);
    await ui.press('y');
    await closed(ui);
    expect(ui.sim.model.get(a.id)).toBeUndefined();
    expect(ui.sim.model.get(b.id)).toBeUndefined();
    expect(ui.sim.model.size).toBe(8);
    expect(ui.frame()).toContain('closed 2');
    expect(ui.store.getState().tags.size).toBe(0);
  });

  it('on a 60×10 terminal the confirmation of 8 sessions scrolls; y closes nothing until its end was shown, then all 8', async () => {
    ui = await startUi({ sim: { sessions: 12 }, columns: 60, rows: 10 });
    const tagged: number[] = [];
    for (let i = 0; i < 8; i++) {
      tagged.push(cursorSession(ui).id);
      await ui.press(' ');
    }
    await ui.press('k');
    expect(ui.frame().split('\n').length).toBeLessThanOrEqual(9);
    expect(ui.frame()).toMatch(/1–3\/\d+ ↑↓ · y once all shown/);
    await ui.press('y');
    expect(ui.store.getState().mode).toBe('confirm');
    expect(ui.frame()).toContain('y refused: scroll through all first');
    expect(ui.sim.model.size).toBe(12);
    // Every tagged id is named on some page, then y closes exactly those.
    const named = new Set<number>();
    for (let page = 0; page < 20 && !ui.store.getState().confirmSeenAll; page++) {
      for (const m of ui.frame().matchAll(/session (\d+) /g)) named.add(Number(m[1]));
      await ui.press(KEYS.pageDown);
    }
    for (const m of ui.frame().matchAll(/session (\d+) /g)) named.add(Number(m[1]));
    expect([...named].sort((a, b) => a - b)).toEqual([...tagged].sort((a, b) => a - b));
    await ui.press('y');
    await closed(ui);
    for (const id of tagged) expect(ui.sim.model.get(id)).toBeUndefined();
    expect(ui.sim.model.size).toBe(4);
  });

  it('after the whole confirmation was seen, a terminal shrunk too small to show it refuses y; grown again, y closes', async () => {
    ui = await startUi({ sim: { sessions: 5 }, columns: 100, rows: 24 });
    const id = cursorSession(ui).id;
    await ui.press('k');
    expect(ui.store.getState().confirmSeenAll).toBe(true);
    await ui.resize(60, 7);
    await ui.press('y');
    expect(ui.store.getState().mode).toBe('confirm');
    expect(ui.frame()).toContain('y refused: terminal too small');
    // The controller checks too, whatever the key map said.
    ui.controller.run({ kind: 'confirmClose' });
    await ui.controller.settled();
    expect(ui.sim.model.get(id)).toBeDefined();
    await ui.resize(100, 24);
    await ui.press('y');
    await closed(ui);
    expect(ui.sim.model.get(id)).toBeUndefined();
  });

  it('Esc clears tags', async () => {
    ui = await startUi({ sim: { sessions: 5 } });
    await ui.press(' ', ' ');
    expect(ui.store.getState().tags.size).toBe(2);
    await ui.press(KEYS.escape);
    expect(ui.store.getState().tags.size).toBe(0);
    expect(ui.frame()).toContain('tags cleared');
  });
});

describe('read-only and stale data', () => {
  it('read-only removes closing and shows a lock marker', async () => {
    ui = await startUi({ sim: { sessions: 5 }, ui: { readOnly: true } });
    expect(ui.frame()).toContain('🔒READ-ONLY');
    expect(ui.frame()).not.toContain('k close');
    await ui.press('k');
    expect(ui.store.getState().mode).toBe('table');
    expect(ui.frame()).toContain('read-only: closing sessions is disabled');
    await ui.press(KEYS.delete, 'y');
    expect(ui.sim.model.size).toBe(5);
  });

  it('read-only: Space tags nothing (tags only choose what to close) and says why', async () => {
    ui = await startUi({ sim: { sessions: 5 }, ui: { readOnly: true } });
    const first = cursorSession(ui);
    await ui.press(' ');
    expect(ui.store.getState().tags.size).toBe(0);
    expect(ui.frame()).not.toContain('tagged');
    expect(ui.frame()).toContain('read-only: nothing to tag, closing is disabled (--read-only)');
    expect(cursorSession(ui).id).toBe(first.id);
  });

  it('a failed poll keeps the data, marks it STALE, disables closing, backs off and recovers', async () => {
    ui = await startUi({ sim: { sessions: 6 } });
    const before = ui.store.getState().visible.map((s) => s.key);
    await ui.sim.stop();
    await ui.tick(2);
    let frame = ui.frame();
    expect(frame).toMatch(/STALE \d+s/);
    expect(frame).toContain('poll failed (retry in 2s · r: now): cannot reach');
    expect(ui.store.getState().visible.map((s) => s.key)).toEqual(before);
    expect(frame).toContain('6 sessions');
    await ui.press('k');
    expect(ui.store.getState().mode).toBe('table');
    expect(ui.frame()).toContain('data is stale: closing is disabled');
    // Backoff: three retries at the interval (a restart is seen within one), then twice, four times.
    for (let failure = 1; failure <= 3; failure++) {
      expect(ui.clock.pendingTimeouts()).toEqual([2000]);
      await ui.tick(2);
    }
    expect(ui.clock.pendingTimeouts()).toEqual([4000]);
    await ui.tick(4);
    expect(ui.clock.pendingTimeouts()).toEqual([8000]);
    expect(ui.frame()).toMatch(/STALE 12s/);
    await ui.sim.restart();
    await ui.tick(8);
    frame = ui.frame();
    expect(frame).not.toContain('STALE');
    expect(frame).toContain('connection recovered');
    expect(ui.clock.pendingTimeouts()).toEqual([2000]);
    await ui.press('k');
    expect(ui.store.getState().mode).toBe('confirm');
  });
});

describe('close and polling trouble at the same time', () => {
  it('a confirmation open when polling fails is withdrawn; a late y closes nothing', async () => {
    ui = await startUi({ sim: { sessions: 6 } });
    const s = cursorSession(ui);
    await ui.press('k');
    expect(ui.store.getState().mode).toBe('confirm');
    await ui.sim.stop();
    await ui.tick(2);
    expect(ui.store.getState().mode).toBe('table');
    expect(ui.frame()).toContain('polling failed and the data is stale: the close was withdrawn, nothing was closed');
    await ui.press('y');
    await ui.sim.restart();
    await ui.tick(2);
    expect(ui.sim.model.get(s.id)).toBeDefined();
    expect(ui.outcomes).toEqual([]);
  });

  it('the result of a close stays on screen when the connection recovers right after it', async () => {
    ui = await startUi({ sim: { sessions: 6 } });
    const s = cursorSession(ui);
    await ui.press('k');
    // The close's own re-read and DELETE go through; the polls around them fail, then recover.
    await ui.press('y');
    await closed(ui);
    await ui.waitFor((f) => f.includes(`closed session ${s.id}`), 'the close result');
    await ui.waitFor(() => !ui!.store.getState().visible.some((x) => x.id === s.id) && ui!.clock.pendingTimeouts().length > 0, 'the refresh after the close');
    await ui.sim.stop();
    await ui.tick(2);
    await ui.waitFor((f) => /STALE/.test(f), 'the failed poll');
    await ui.sim.restart();
    await ui.tick(2);
    await ui.waitFor((f) => !/STALE/.test(f), 'the recovery');
    const frame = ui.frame();
    expect(frame).not.toContain('STALE');
    expect(frame).toContain(`closed session ${s.id}`);
    expect(frame).not.toContain('connection recovered');
  });

  it('the result of a close does not fade during a long outage, and shows for a while after it', async () => {
    ui = await startUi({ sim: { sessions: 6 } });
    const s = cursorSession(ui);
    await ui.press('k', 'y');
    await closed(ui);
    await ui.waitFor((f) => f.includes(`closed session ${s.id}`), 'the close result');
    await ui.waitFor(() => !ui!.store.getState().visible.some((x) => x.id === s.id) && ui!.clock.pendingTimeouts().length > 0, 'the refresh after the close');
    await ui.sim.stop();
    // Well past the time an informational message stays, with the data stale all along.
    for (let i = 0; i < 8; i++) await ui.advance(5);
    await ui.waitFor((f) => f.includes('STALE'), 'the outage');
    expect(ui.store.getState().attempts).toBeGreaterThan(4);
    expect(ui.frame()).toContain(`closed session ${s.id}`);
    await ui.sim.restart();
    await ui.advance(30); // the backed-off retry
    await ui.waitFor(() => ui!.store.getState().stale === null, 'the recovery');
    await ui.advance(5);
    expect(ui.frame()).toContain(`closed session ${s.id}`);
    expect(ui.frame()).not.toContain('connection recovered');
    // Then it fades like any other news.
    for (let i = 0; i < 4; i++) await ui.advance(5);
    await ui.waitFor((f) => !f.includes(`closed session ${s.id}`), 'the result to fade');
  });
});

describe('several targets', () => {
  it('closes each tagged session on its own target, and only those', async () => {
    ui = await startUi({ sim: { sessions: 3 }, targets: 2, columns: 140, rows: 20 });
    const [a, b] = ui.sims;
    const hostB = b.url.replace('http://', '');
    // Same ids exist on both targets: the key (target#id) must decide.
    const onB = ui.store.getState().visible.find((s) => s.target === hostB)!;
    const rowOfB = ui.store.getState().visible.indexOf(onB);
    for (let i = 0; i < rowOfB; i++) await ui.press(KEYS.down);
    await ui.press(' ');
    await ui.press('k');
    expect(ui.store.getState().confirm!.map((s) => s.key)).toEqual([onB.key]);
    await ui.press('y');
    await closed(ui);
    expect(b.model.get(onB.id)).toBeUndefined();
    expect(a.model.get(onB.id)).toBeDefined();
    expect(a.model.size).toBe(3);
    expect(b.model.size).toBe(2);
  });
});
