// A tiny external store around the reducer: key handlers and the poller read the current state
// synchronously (no stale closures) and React subscribes with useSyncExternalStore.
import { reducer, type UiAction, type UiState } from './state.js';

export interface Store {
  getState(): UiState;
  dispatch(action: UiAction): void;
  subscribe(listener: () => void): () => void;
}

export function createStore(initial: UiState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return; // nothing changed: no re-render
      state = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
