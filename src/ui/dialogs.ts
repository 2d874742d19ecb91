// The close confirmation and the help screen.
import type { Session } from '../core/model.js';
import { formatDuration } from '../core/format.js';
import { sanitize } from '../core/sanitize.js';
import { HELP_LINES } from './keys.js';
import { elapsedSec, line, plain, styled, type Line, type ScreenOptions } from './line.js';
import type { UiState } from './state.js';

export function describeSession(s: Session, elapsed: number): string {
  const who = `${s.user === null ? '-' : sanitize(s.user, 40)}@${s.address === null ? '-' : sanitize(s.address, 46)}`;
  const host = s.target ? ` on ${sanitize(s.target, 40)}` : '';
  return `session ${s.id} ${who} service ${sanitize(s.service ?? '-', 40)} idle ${formatDuration(s.idle === null ? null : s.idle + elapsed)}${host}`;
}

export function confirmLines(state: UiState, opts: ScreenOptions, height: number): Line[] {
  const list = state.confirm ?? [];
  const elapsed = elapsedSec(state);
  const title =
    list.length === 1
      ? `Close ${describeSession(list[0], elapsed)}?`
      : `Close these ${list.length} tagged sessions?`;
  const out: Line[] = [line('c0', styled(title, { bold: true, color: 'red' }, opts))];
  if (list.length > 1) {
    // Title, the `… more` line and the `y = close` line must fit with the list.
    const room = Math.max(1, height - 3);
    for (const s of list.slice(0, room)) out.push(line(`c-${s.key}`, plain('  ' + describeSession(s, elapsed))));
    if (list.length > room) out.push(line('c-more', plain(`  … and ${list.length - room} more`)));
  }
  out.push(line('c1', styled('y = close (re-checked first), any other key = cancel', { bold: true }, opts)));
  return out;
}

export function helpLines(): Line[] {
  return [line('help-t', plain('Keys')), ...HELP_LINES.map((t, i) => line(`help-${i}`, plain(t)))];
}
