// Runs the real UI (runUi) on fake streams with a manual clock, against a real pool over a real
// simulator. Keypresses go through act(); waits yield to I/O until the screen satisfies a check.
import { act } from 'react';
import { startSimulator, DEFAULT_START_TIME, type Simulator, type SimOptions } from '../../../src/sim/index.js';
import { createClient, createPool, type SessionPool, type CloseOutcome } from '../../../src/api/index.js';
import { runUi, type UiOptions } from '../../../src/ui/run.js';
import type { Store } from '../../../src/ui/store.js';
import type { Controller } from '../../../src/ui/controller.js';
import { FakeStdin, FakeStdout } from './streams.js';
import { ManualClock } from './manual-clock.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  escape: '\x1b',
  delete: '\x1b[3~',
  backspace: '\x7f',
  ctrlC: '\x03',
} as const;

export interface UiHarness {
  sim: Simulator;
  /** All simulators when several targets were asked for (sims[0] === sim). */
  sims: Simulator[];
  pool: SessionPool;
  clock: ManualClock;
  stdout: FakeStdout;
  stdin: FakeStdin;
  store: Store;
  controller: Controller;
  outcomes: CloseOutcome[];
  exit: Promise<number>;
  frame(): string;
  /** Screen lines of the latest frame. */
  lines(): string[];
  press(...keys: string[]): Promise<void>;
  waitFor(check: (frame: string) => boolean, what?: string): Promise<void>;
  /** Advances the UI clock (and the simulator's by the same amount) and waits for the next poll. */
  tick(seconds: number): Promise<void>;
  /** Advances both clocks without waiting for anything. */
  advance(seconds: number): Promise<void>;
  /** Resizes the fake terminal (emits 'resize'). */
  resize(columns: number, rows: number): Promise<void>;
  quit(): Promise<number>;
}

export interface HarnessOptions {
  sim?: SimOptions;
  ui?: Partial<Omit<UiOptions, 'pool' | 'stdin' | 'stdout'>>;
  columns?: number;
  rows?: number;
  /** Prepare the simulator before the UI starts (e.g. inject sessions). */
  setup?: (sim: Simulator) => void;
  auditFails?: boolean;
  /** Number of simulated MaxScale targets (default 1). */
  targets?: number;
  /** Install the process signal/crash handlers (default off in tests). */
  signals?: boolean;
}

/** Lets pending I/O and React work run inside act(). */
export async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 1));
  });
}

export async function startUi(o: HarnessOptions = {}): Promise<UiHarness> {
  const sims: Simulator[] = [];
  for (let i = 0; i < (o.targets ?? 1); i++) {
    sims.push(await startSimulator({ sessions: 20, seed: 7 + i, clock: 'manual', churn: false, ...o.sim }));
  }
  const sim = sims[0];
  o.setup?.(sim);
  // One clock for the UI, the simulators and the answers' arrival times, as one wall clock would be.
  const clock = new ManualClock(DEFAULT_START_TIME);
  const pool = createPool(sims.map((s) => createClient({ target: s.url.replace('http://', ''), user: 'admin', password: 'mariadb' }, { now: () => clock.now() })));
  const stdout = new FakeStdout(o.columns ?? 120, o.rows ?? 24);
  const stdin = new FakeStdin();
  const outcomes: CloseOutcome[] = [];
  let store: Store | undefined;
  let controller: Controller | undefined;
  let exit!: Promise<number>;
  await act(async () => {
    exit = runUi(
      {
        pool,
        intervalSec: 2,
        sort: 'idle',
        descending: true,
        readOnly: false,
        color: false,
        idleWarnSec: 300,
        idleCritSec: 3600,
        onCloseOutcome: async (outcome) => {
          outcomes.push(outcome);
          if (o.auditFails) throw new Error('audit log /var/log/sesstop.log: disk full');
        },
        ...o.ui,
        stdin: stdin as unknown as NodeJS.ReadStream,
        stdout: stdout as unknown as NodeJS.WriteStream,
      },
      { clock, inkDebug: true, handleSignals: o.signals ?? false, onStore: (s) => (store = s), onController: (c) => (controller = c) },
    );
  });
  const h: UiHarness = {
    sim,
    sims,
    pool,
    clock,
    stdout,
    stdin,
    store: store!,
    controller: controller!,
    outcomes,
    exit,
    frame: () => stdout.lastFrame(),
    lines: () => stdout.lastFrame().split('\n'),
    async press(...keys) {
      for (const k of keys) {
        await act(async () => {
          stdin.write(k);
        });
      }
      await settle();
    },
    async waitFor(check, what = 'the expected screen') {
      // A guard against hanging, not a timing assertion: I/O is loopback and usually takes ms.
      for (let i = 0; i < 10_000; i++) {
        if (check(stdout.lastFrame())) return;
        await settle();
      }
      throw new Error(`timed out waiting for ${what}; last frame:\n${stdout.lastFrame()}`);
    },
    async advance(seconds) {
      await act(async () => {
        for (const s of sims) s.clock.advance(seconds);
        clock.advance(seconds * 1000);
      });
      await settle();
    },
    async resize(columns, rows) {
      await act(async () => stdout.resize(columns, rows));
      await settle();
    },
    async tick(seconds) {
      const attempts = h.store.getState().attempts;
      await h.advance(seconds);
      await h.waitFor(() => h.store.getState().attempts > attempts, 'a poll');
    },
    async quit() {
      await h.press(KEYS.ctrlC); // quits from every mode, unlike q (typed into the filter)
      const code = await exit;
      await pool.close();
      for (const s of sims) await s.close();
      return code;
    },
  };
  await h.waitFor(() => h.store.getState().polls > 0, 'the first poll');
  return h;
}
