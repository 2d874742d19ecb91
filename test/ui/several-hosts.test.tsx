// Several MaxScales in one screen: a host that stops answering must not hold back the others.
import { afterEach, describe, expect, it } from 'vitest';
import { startUi, type UiHarness } from './helpers/harness.js';

let ui: UiHarness | undefined;
afterEach(async () => {
  if (ui) await ui.quit().catch(() => undefined);
  ui = undefined;
});

describe('one host of two stalls', () => {
  it('the other keeps refreshing at the interval; the stalled one is marked down, its sessions kept', async () => {
    ui = await startUi({ sim: { sessions: 3 }, targets: 2, columns: 140, rows: 20 });
    const [a, b] = ui.sims;
    const hostB = b.url.replace('http://', '');
    b.faults.hang = true;
    // The harness's pool deadline is 5 s: four polls that each waited for the stalled host would
    // take 20 s, this test's whole timeout. Only the first waits (for the 2 s interval), once.
    for (let i = 1; i <= 4; i++) {
      a.model.addSession();
      await ui.tick(2);
      expect(ui.store.getState().sessions.filter((s) => s.target !== hostB)).toHaveLength(3 + i);
    }
    const frame = ui.frame();
    // Waited for as long as the interval, not the pool's 5 s deadline.
    expect(frame).toContain(`no answer from ${hostB} within 2000 ms (still waiting)`);
    expect(ui.store.getState().stale).toBeNull();
    expect(ui.store.getState().sessions.filter((s) => s.target === hostB)).toHaveLength(3);
    b.faults.hang = false;
  });
});

describe('two hosts of three down', () => {
  it('the footer names each down host with its own reason, the count first', async () => {
    ui = await startUi({ sim: { sessions: 2 }, targets: 3, columns: 200, rows: 20 });
    const [, b, c] = ui.sims;
    const hostB = b.url.replace('http://', '');
    const hostC = c.url.replace('http://', '');
    b.faults.hang = true;
    await c.stop();
    await ui.tick(2);
    await ui.waitFor((f) => f.includes('2 hosts down: '), 'both hosts down');
    const footer = ui.lines().find((l) => l.includes('2 hosts down: '))!;
    expect(footer).toContain(`no answer from ${hostB} within 2000 ms (still waiting)`);
    expect(footer).toMatch(new RegExp(`${hostC.replace(/\./g, '\\.')}.*(refused|closed|reset)`));
    expect(ui.store.getState().stale).toBeNull();
    b.faults.hang = false;
  });
});
