// The UI reports each successful poll's session count (the CLI tunes V8's heap growth with it).
import { afterEach, describe, expect, it } from 'vitest';
import { startUi, type UiHarness } from './helpers/harness.js';

let ui: UiHarness | undefined;
afterEach(async () => {
  if (ui) await ui.quit().catch(() => undefined);
  ui = undefined;
});

describe('onPolled', () => {
  it('gets the session count after every successful poll, and nothing for a failed one', async () => {
    const counts: number[] = [];
    ui = await startUi({ sim: { sessions: 33 }, ui: { onPolled: (n) => counts.push(n) } });
    expect(counts).toEqual([33]);
    ui.sim.faults.errorRate = 1;
    await ui.tick(2);
    expect(ui.store.getState().stale).not.toBeNull();
    expect(counts).toEqual([33]);
    ui.sim.faults.errorRate = 0;
    await ui.tick(2);
    await ui.waitFor(() => counts.length === 2, 'the next poll');
    expect(counts).toEqual([33, 33]);
  });
});
