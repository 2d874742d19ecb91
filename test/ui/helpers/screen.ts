// Reading the screen of a harness.
import type { Session } from '../../../src/core/model.js';
import type { UiHarness } from './harness.js';
import { cellWidth } from '../../../src/core/text.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export const stripAnsi = (s: string): string => s.replace(ANSI, '');

export function cursorSession(ui: UiHarness): Session {
  const s = ui.store.getState();
  return s.visible[s.cursor];
}

/** The id shown on the cursor line (`>` mark) of the latest frame. */
export function cursorRowId(ui: UiHarness): number | null {
  const row = ui.lines().map(stripAnsi).find((l) => l.startsWith('>'));
  const m = row?.match(/^>.\s*(\d+)/);
  return m ? Number(m[1]) : null;
}

export function visibleIds(ui: UiHarness): number[] {
  return ui.store.getState().visible.map((s) => s.id);
}

/** Lines of the frame and their display widths, ANSI styling removed. */
export function frameGeometry(frame: string): { lines: string[]; maxWidth: number } {
  const lines = stripAnsi(frame).split('\n');
  return { lines, maxWidth: Math.max(0, ...lines.map(cellWidth)) };
}
