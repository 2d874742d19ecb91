// Entry point of the interactive UI: wires the store, poller, controller and Ink, owns the
// terminal (alternate screen, resize, signals) and resolves with the exit code.
import { render } from 'ink';
import type { SessionPool } from '../api/pool.js';
import type { CloseOutcome } from '../api/safe-close.js';
import type { SortColumn } from '../core/sort.js';
import { App } from './components/App.js';
import { systemClock, type UiClock } from './clock.js';
import { createController, type Controller } from './controller.js';
import { createPoller } from './poller.js';
import { initialState, type UiState } from './state.js';
import { createStore, type Store } from './store.js';
import { enterAltScreen } from './terminal.js';
import { describeFailure } from './errors.js';

export interface UiOptions {
  pool: SessionPool;
  intervalSec: number;
  sort: SortColumn;
  descending: boolean;
  filter?: string;
  minIdle?: number;
  readOnly: boolean;
  color: boolean;
  /** Colour thresholds (defaults 300 / 3600). */
  idleWarnSec: number;
  idleCritSec: number;
  /** Audit log hook; a rejection is shown in the footer. */
  onCloseOutcome?: (o: CloseOutcome) => Promise<void>;
  /** E.g. 'simulated'. */
  label?: string;
  /** Called after every poll that reached a target, with the number of sessions (process tuning). */
  onPolled?: (sessions: number) => void;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/** Test seams; production passes nothing. */
export interface UiInternals {
  clock?: UiClock;
  /** Ink debug mode: every frame written whole, unthrottled (for tests). */
  inkDebug?: boolean;
  /** Receives the store once created (tests inspect state). */
  onStore?: (store: Store) => void;
  /** Receives the controller once created (tests send it commands the key map would not). */
  onController?: (controller: Controller) => void;
  /** Process-wide signal and crash handlers (default true; tests turn them off). */
  handleSignals?: boolean;
  maxFps?: number;
}

/** Frames per second at most (Ink throttles renders; a key after a quiet spell shows at once). */
export const MAX_FPS = 30;
/**
 * On: only changed lines are rewritten. Ink 6.8's incremental log-update moved the cursor up one
 * line too few when the frame ends with a newline (every frame shorter than the terminal, as ours
 * are); patches/ink+6.8.0.patch (applied by patch-package on install) fixes that. The same patch
 * lets Ink's Output.get() take each of our one-line rows as it is instead of rebuilding the whole
 * screen cell by cell (a 200×50 frame: ~35 ms → ~4 ms); test/ui/ink-output-patch.test.tsx holds
 * it to Ink's original algorithm.
 */
export const INCREMENTAL_RENDERING = true;

export const EXIT_SIGTERM = 143;
export const EXIT_SIGHUP = 129;
export const EXIT_SIGINT = 130;
export const EXIT_CRASH = 70;

export function runUi(opts: UiOptions, internals: UiInternals = {}): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const clock = internals.clock ?? systemClock;
  const size = (): { columns: number; rows: number } => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const store = createStore(
    initialState({
      sort: opts.sort,
      descending: opts.descending,
      filter: opts.filter,
      minIdle: opts.minIdle,
      intervalSec: opts.intervalSec,
      readOnly: opts.readOnly,
      now: clock.now(),
      ...size(),
    }),
  );
  internals.onStore?.(store);
  const poller = createPoller(opts.pool, store, clock, opts.onPolled);

  return new Promise<number>((resolve) => {
    let finished = false;
    const screen = enterAltScreen(stdout);
    const controller = createController({ store, poller, pool: opts.pool, onCloseOutcome: opts.onCloseOutcome, exit: (code) => finish(code) });
    internals.onController?.(controller);
    // Ink's own resize listener (registered by render(), so it runs first; patched) has cleared
    // the screen and forgotten its last frame: the new state's frame is drawn whole.
    const onResize = (): void => store.dispatch({ type: 'resize', ...size() });
    const ticker = clock.setInterval(() => store.dispatch({ type: 'tick', now: clock.now() }), 1000);
    const handlers: [string, (...args: unknown[]) => void][] =
      internals.handleSignals === false
        ? []
        : [
            ['SIGTERM', () => finish(EXIT_SIGTERM)],
            ['SIGHUP', () => finish(EXIT_SIGHUP)],
            ['SIGINT', () => finish(EXIT_SIGINT)],
            ['uncaughtException', (e) => crash(e)],
            ['unhandledRejection', (e) => crash(e)],
          ];

    // What is on screen is what Ink wrote, not what the store holds: Ink draws the latest
    // render's tree, maybe a little later (maxFps), and writes it in the same call (or writes
    // nothing when it equals the frame on screen). After each such frame, the store is told which
    // state it showed: after the write's call stack (so never inside React's commit), and before
    // any later input is read.
    let lastRendered: UiState | null = null;
    const rendered = (s: UiState): void => void (lastRendered = s);
    const drawn = (): void => {
      if (lastRendered?.mode === 'confirm') store.dispatch({ type: 'drawn', rendered: lastRendered });
    };
    const instance = render(
      <App
        store={store}
        controller={controller}
        rendered={rendered}
        screen={{ color: opts.color, idleWarnSec: opts.idleWarnSec, idleCritSec: opts.idleCritSec, label: opts.label }}
      />,
      {
        stdout,
        stdin,
        exitOnCtrlC: false,
        patchConsole: false,
        debug: internals.inkDebug ?? false,
        maxFps: internals.maxFps ?? MAX_FPS,
        incrementalRendering: INCREMENTAL_RENDERING,
        onRender: () => queueMicrotask(drawn),
      },
    );
    stdout.on('resize', onResize);
    for (const [event, handler] of handlers) process.on(event, handler);
    poller.start();

    function crash(e: unknown): void {
      finish(EXIT_CRASH);
      process.stderr.write(`sesstop: internal error: ${describeFailure(e)}\n`);
    }

    function finish(code: number): void {
      if (finished) return;
      finished = true;
      poller.stop();
      clock.clearInterval(ticker);
      stdout.off('resize', onResize);
      for (const [event, handler] of handlers) process.off(event, handler);
      try {
        instance.unmount();
      } catch {
        // Unmounting a broken tree must not keep the terminal in the alternate screen.
      }
      screen.restore();
      // A close in flight is finished (and audited) before the caller releases the connections.
      void controller.settled().then(() => resolve(code));
    }
  });
}
