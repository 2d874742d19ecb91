// Runs the commands the key map produces: state changes go to the store, side effects
// (polling, closing, quitting) to the poller, the close flow and the exit callback.
import type { SessionPool } from '../api/pool.js';
import type { CloseOutcome } from '../api/safe-close.js';
import { closeSessions, summarizeOutcomes } from './close.js';
import type { Command } from './keys.js';
import type { Poller } from './poller.js';
import { sessionAsOf } from '../core/session-time.js';
import { canConfirm } from './state.js';
import type { Store } from './store.js';
import { describeFailure } from './errors.js';

export interface ControllerDeps {
  store: Store;
  poller: Poller;
  pool: SessionPool;
  onCloseOutcome?: (o: CloseOutcome) => Promise<void>;
  exit: (code: number) => void;
}

export interface Controller {
  run(command: Command): void;
  /** Resolves when the close started by the last `confirmClose` has finished (tests; quitting waits for it). */
  settled(): Promise<void>;
}

export function createController(deps: ControllerDeps): Controller {
  const { store, poller } = deps;
  let pending: Promise<void> = Promise.resolve();

  function confirmClose(): void {
    const state = store.getState();
    // Only what the user has seen named on screen is closed (the key map asks the same), each as
    // the question showed it (its idle time as on screen: what the audit log records).
    const confirmed = (state.confirm ?? []).map((s) => sessionAsOf(s, state.now));
    if (confirmed.length === 0 || !canConfirm(state)) return;
    store.dispatch({ type: 'closeStarted' });
    pending = closeSessions(deps.pool, confirmed, deps.onCloseOutcome)
      .then(({ outcomes, auditErrors }) => {
        store.dispatch({ type: 'closeFinished', message: summarizeOutcomes(outcomes, auditErrors) });
      })
      .catch((e: unknown) => {
        store.dispatch({ type: 'closeFinished', message: { kind: 'error', text: `close failed: ${describeFailure(e)}` } });
      })
      .then(() => poller.refresh());
  }

  return {
    run(command) {
      switch (command.kind) {
        case 'dispatch':
          store.dispatch(command.action);
          return;
        case 'quit':
          deps.exit(0);
          return;
        case 'refresh':
          poller.refresh();
          return;
        case 'confirmClose':
          confirmClose();
          return;
        case 'togglePause':
          store.dispatch({ type: 'togglePause' });
          if (store.getState().paused) poller.reschedule();
          else poller.refresh();
          return;
        case 'interval':
          store.dispatch({ type: 'setInterval', intervalSec: command.intervalSec });
          poller.reschedule();
          return;
        case 'openDetail':
          store.dispatch({ type: 'openDetail' });
          poller.fetchDetail();
          return;
        case 'detailStep': {
          const before = store.getState().cursorKey;
          store.dispatch({ type: 'move', to: command.to });
          if (store.getState().cursorKey === before) return;
          store.dispatch({ type: 'openDetail' });
          poller.fetchDetail();
          return;
        }
        case 'none':
          return;
      }
    },
    settled: () => pending,
  };
}
