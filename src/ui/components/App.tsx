// The whole screen: state from the store, lines from pure builders, keys to the controller.
import { useMemo, useSyncExternalStore, type JSX } from 'react';
import { Box, useInput } from 'ink';
import type { Store } from '../store.js';
import type { UiState } from '../state.js';
import type { Controller } from '../controller.js';
import { runKeys } from '../keys.js';
import { screenLines, tableLayout, type ScreenOptions } from '../lines.js';
import type { Line } from '../line.js';
import { ScreenLine } from './ScreenLine.js';

export interface AppProps {
  store: Store;
  controller: Controller;
  screen: ScreenOptions;
  /** Told the state of every render: what the next frame written to the terminal shows. */
  rendered?: (state: UiState) => void;
}

// Module-level, not an arrow function made per render (see compareSorting in core/sort.ts).
const screenLine = (l: Line): JSX.Element => <ScreenLine key={l.key} segments={l.segments} />;

export function App({ store, controller, screen, rendered }: AppProps): JSX.Element {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  rendered?.(state);
  // Handlers read the store, never this render's `state`: no stale closures. Each key of a chunk
  // sees the state the previous one left.
  useInput((input, key) => runKeys(input, key, store.getState, controller.run));
  const layout = useMemo(() => tableLayout(state), [state.columns, state.health, state.sessions]);
  const lines = screenLines(state, layout, screen);
  return (
    <Box flexDirection="column" width={state.columns}>
      {lines.map(screenLine)}
    </Box>
  );
}
