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
