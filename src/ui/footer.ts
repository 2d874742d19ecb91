// The two footer lines: keys (or the filter / min-idle prompt) and the last message.
import { formatDuration } from '../core/format.js';
import { sanitize } from '../core/sanitize.js';
import { nextDelaySec } from './backoff.js';
import { line, plain, styled, type Line, type ScreenOptions, type Segment } from './line.js';
import { confirmableOnceDrawn, confirmRoom, helpRoom, type UiState } from './state.js';
import { downMessage } from './down-message.js';
import { helpView } from './help-view.js';
import { cellWidth, firstThatFits } from '../core/text.js';

/** The help screen's key line, longest first: where the window is when it scrolls. */
function helpKeys(state: UiState): string[] {
  if (!state.helpScrollable) return ['any key but q closes help · q quits', 'other keys close · q quits'];
  const view = helpView(state.columns, helpRoom(state.rows), state.helpTop);
  const last = Math.min(view.lines.length, view.top + view.room);
  const at = `${view.top + 1}–${last}/${view.lines.length}`;
  return [`help lines ${at} · ↑↓ PgUp PgDn Home End scroll · q quits · other keys close`, `${at} ↑↓ scroll · q quits · other keys close`, `${at} ↑↓ · q quit · other: close`];
}

/** The confirmation's key line, longest first: says when and why `y` would be refused. */
function confirmKeys(state: UiState): string[] {
  if (confirmRoom(state.rows) === 0) return ['y refused: terminal too small to show the sessions · any other key cancels', 'too small for y · other keys cancel'];
  const scroll = state.confirmScrollable ? '↑↓ PgUp PgDn scroll · ' : '';
  if (!confirmableOnceDrawn(state)) {
    return [`${scroll}y refused until every session has been on screen · any other key cancels`, `${state.confirmScrollable ? '↑↓ scroll · ' : ''}y after all shown · other keys cancel`];
  }
  return [`${scroll}y close · any other key cancels`, `${state.confirmScrollable ? '↑↓ scroll · ' : ''}y close · other keys cancel`];
}

/** One key of a key line and how much it matters (0 most) when the line must lose some. */
interface KeyHint {
  text: string;
  rank: number;
}

/**
 * The hints that fit in `width` cells, in their order, joined: the least important go first
 * rather than the line being cut mid-word at its end (at 80 columns the table's line lost
 * `/ filter` and everything after it).
 */
export function fitKeyHints(hints: readonly KeyHint[], width: number): string {
  let kept = [...hints];
  const joined = () => kept.map((h) => h.text).join(' · ');
  while (kept.length > 1 && cellWidth(joined()) > width) {
    const least = kept.reduce((a, b) => (b.rank >= a.rank ? b : a));
    kept = kept.filter((h) => h !== least);
  }
  return joined();
}

/**
 * The table's key line: only keys that do something now. An empty list (no sessions, or none the
 * filter or minimum idle lets through) has no cursor: ↑↓, Enter and Space do nothing there, and k
 * closes only tagged sessions the filter now hides (closeTargets), so it is offered only then.
 */
function tableKeys(state: UiState): KeyHint[] {
  const empty = state.visible.length === 0;
  const hints: KeyHint[] = [
    { text: '? help', rank: 0 },
    { text: 'q quit', rank: 1 },
  ];
  if (!empty) hints.push({ text: '↑↓ move', rank: 6 }, { text: 'Enter detail', rank: 3 });
  if (!state.readOnly && (!empty || state.tags.size > 0)) {
    hints.push({ text: state.stale ? 'k close (off: stale)' : 'k close', rank: 2 });
    // Tagging works while stale too (it only chooses what k closes once polls recover).
    if (!empty) hints.push({ text: 'Space tag', rank: 7 });
  }
  hints.push(
    { text: '/ filter', rank: 4 },
    { text: 'm min-idle', rank: 9 },
    { text: 'I U C… sort', rank: 5 },
    { text: 'p pause', rank: 10 },
    { text: 'r refresh', rank: 8 },
  );
  return hints;
}

/** The detail pane's key line. Not `k` for a session that has left: there is nothing to close. */
function detailKeys(state: UiState): KeyHint[] {
  const hints: KeyHint[] = [
    { text: '← / Esc back', rank: 0 },
    { text: '↑↓ previous/next session', rank: 4 },
  ];
  if (!state.readOnly && !state.detail?.gone) hints.push({ text: state.stale ? 'k close (off: stale)' : 'k close', rank: 1 });
  hints.push({ text: 'p pause', rank: 6 }, { text: 'r refresh', rank: 5 }, { text: '? help', rank: 2 }, { text: 'q quit', rank: 3 });
  return hints;
}

export function footerLines(state: UiState, opts: ScreenOptions): Line[] {
  let keys: Segment;
  if (state.mode === 'filter') {
    // Enter does not take text that is not a filter: the hint says what will work.
    const enter = state.filterError === null ? 'Enter keep' : 'fix it, ⌫ or Ctrl-U';
    keys = styled(`/${sanitize(state.filterText, 200)}▏  ${enter} · Esc clear · field:value, !negate`, { bold: true }, opts);
  } else if (state.mode === 'minIdle') {
    keys = styled(`minimum idle (300, 5m, 1h): ${sanitize(state.minIdleInput, 20)}▏  Enter apply · Esc cancel`, { bold: true }, opts);
  } else if (state.mode === 'confirm') {
    keys = styled(firstThatFits(confirmKeys(state), state.columns), { bold: true }, opts);
  } else if (state.mode === 'help') {
    keys = styled(firstThatFits(helpKeys(state), state.columns), { bold: true }, opts);
  } else if (state.mode === 'detail') {
    keys = styled(fitKeyHints(detailKeys(state), state.columns), { dim: true }, opts);
  } else {
    keys = styled(fitKeyHints(tableKeys(state), state.columns), { dim: true }, opts);
  }
  let msg: Segment = plain('');
  const promptError = state.mode === 'filter' ? state.filterError : state.mode === 'minIdle' ? state.minIdleError : null;
  if (promptError) msg = styled(sanitize(promptError, 200), { color: 'red' }, opts);
  else if (state.stale) {
    // A countdown to the next attempt (the poller keeps the same schedule), and the way not to wait.
    // `now` is a whole second at or before the real time: whole seconds left, down to 1 s, then 0.
    const left = state.stale.retryAt === null ? null : Math.floor((state.stale.retryAt - state.now) / 1000);
    const retry = state.paused ? 'paused' : left === null ? `retry in ${formatDuration(nextDelaySec(state.intervalSec, state.stale.failures))}` : left > 0 ? `retry in ${formatDuration(left)} · r: now` : 'retrying…';
    // Every host down: the reason per host, short if need be (the stale error has them whole).
    const prefix = `poll failed (${retry}): `;
    const reasons = state.health.filter((h) => h.status === 'down').length > 1 ? downMessage(state.health, state.columns - cellWidth(prefix)) : state.stale.error;
    msg = styled(prefix + reasons, { color: 'red' }, opts);
  } else if (state.closing) msg = styled('closing…', { bold: true }, opts);
  else {
    // Some hosts down while others answer: not STALE, but each poll says which host failed.
    if (state.health.some((h) => h.status === 'down')) msg = styled(downMessage(state.health, state.columns), { color: 'red' }, opts);
  }
  if (state.message && !promptError) {
    // The latest event first; the standing condition (stale, closing) after it.
    const { text, short } = state.message;
    const m = styled(short && cellWidth(text) > state.columns ? short : text, state.message.kind === 'error' ? { color: 'red', bold: true } : { color: 'green' }, opts);
    return [line('f1', keys), line('f2', m, ...(msg.text ? [plain(' · '), msg] : []))];
  }
  return [line('f1', keys), line('f2', msg)];
}
