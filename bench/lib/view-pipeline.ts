// The table's data path without React, through the UI's real reducer (src/ui/state.ts): a poll
// or a key is an action; then the visible rows are formatted as the table shows them.
import type { Session } from '../../src/core/model.js';
import type { PoolSnapshot } from '../../src/api/types.js';
import { formatHeader, formatRow, layoutColumns, type Column } from '../../src/core/columns.js';
import { initialState, reducer, tableHeight, type UiAction, type UiState } from '../../src/ui/state.js';

export const SCREEN = { columns: 200, rows: 50 } as const;
export const TARGET = '127.0.0.1:8989';

export function freshState(now = Date.now()): UiState {
  return initialState({ sort: 'idle', descending: true, intervalSec: 1, readOnly: false, columns: SCREEN.columns, rows: SCREEN.rows, now });
}

export function snapshotOf(sessions: Session[], at = Date.now()): PoolSnapshot {
  const target = sessions[0]?.target ?? TARGET;
  return { sessions, health: [{ target, status: 'ok', dialect: 'v1', sessionCount: sessions.length, lastOkAt: at }], fetchedAt: at };
}

export const afterPoll = (state: UiState, sessions: Session[], at = Date.now()): UiState =>
  reducer(state, { type: 'snapshot', snapshot: snapshotOf(sessions, at), at });

export const press = (state: UiState, action: UiAction): UiState => reducer(state, action);

export function tableColumns(state: UiState): Column[] {
  const first = state.sessions[0];
  return layoutColumns(state.columns, {
    multiTarget: false,
    hasMemory: first?.memory !== undefined,
    hasIo: first?.ioActivity !== undefined,
  });
}

/** What the table shows for a state: the column titles, then the rows in the window. */
export function visibleLines(state: UiState, cols: readonly Column[] = tableColumns(state)): string[] {
  const end = Math.min(state.visible.length, state.top + tableHeight(state.rows));
  const lines = [formatHeader(cols, { column: state.sort, descending: state.descending })];
  for (let i = state.top; i < end; i++) lines.push(formatRow(cols, state.visible[i], state.now));
  return lines;
}
