// The real UI (runUi: store, poller, controller, Ink App) on a counting 200×50 TTY, polling the
// real client against a simulator process, with a manual UI clock so the ticker and poll timer
// fire only when the bench says so. Keys are typed into a fake stdin.
import type { Dialect } from '../../src/core/model.js';
import { createClient, createPool } from '../../src/api/index.js';
import { MAX_FPS, runUi, type UiOptions } from '../../src/ui/run.js';
import type { Store } from '../../src/ui/store.js';
import type { UiState } from '../../src/ui/state.js';
import { screenLines, tableLayout, type ScreenOptions } from '../../src/ui/lines.js';
import { SIM_PASSWORD, SIM_USER, startSimProcess } from './children.js';
import { CountingStdout, KeyboardStdin } from './fake-tty.js';
import { manualClock, type ManualClock } from './manual-clock.js';
import { SCREEN } from './view-pipeline.js';
import { sleep } from './sleep.js';

export const SCREEN_OPTIONS: ScreenOptions = { color: true, idleWarnSec: 300, idleCritSec: 3600 };
/** Longer than Ink's render throttle (1000 / MAX_FPS ms), so every measured frame renders at once. */
export const FRAME_GAP_MS = Math.ceil(1000 / MAX_FPS) + 20;

export interface UiHarness {
  store: Store;
  stdout: CountingStdout;
  stdin: KeyboardStdin;
  clock: ManualClock;
  /** The screen's lines as plain text, from the UI's own pure line builders. */
  plainLines(state?: UiState): string[];
  stop(): Promise<void>;
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export async function startUiHarness(sessions: number, dialect: Dialect, clockStart = Date.now()): Promise<UiHarness> {
  const sim = await startSimProcess(sessions, 'manual', false);
  const client = createClient({ target: sim.target, user: SIM_USER, password: SIM_PASSWORD, dialect });
  const pool = createPool([client], { deadlineMs: 60_000 });
  const stdout = new CountingStdout(SCREEN.columns, SCREEN.rows);
  const stdin = new KeyboardStdin();
  const clock = manualClock(clockStart);
  let store: Store | undefined;
  const opts: UiOptions = {
    pool,
    // Long: the poll timer never fires during a measurement; the bench polls with `r`.
    intervalSec: 3600,
    sort: 'idle',
    descending: true,
    readOnly: false,
    ...SCREEN_OPTIONS,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
  };
  const exited = runUi(opts, { clock, onStore: (s) => (store = s), handleSignals: false });
  try {
    await until(() => store !== undefined && store.getState().polls >= 1, 120_000, 'the first poll');
  } catch (e) {
    await client.close();
    await sim.stop();
    throw e;
  }
  await sleep(FRAME_GAP_MS * 2);
  const s = store!;
  return {
    store: s,
    stdout,
    stdin,
    clock,
    plainLines: (state = s.getState()) => {
      return screenLines(state, tableLayout(state), SCREEN_OPTIONS).map((l) => l.segments.map((g) => g.text).join(''));
    },
    async stop() {
      stdin.type('q');
      await Promise.race([exited, sleep(5000)]);
      await client.close();
      await sim.stop();
    },
  };
}
