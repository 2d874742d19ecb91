// Did the program give the terminal back as it found it? Judged three ways: the emulator's state,
// the last mode switches in the raw log, and `stty -a` run in the same pty after the program exits.
import type { ExitStatus, TerminalSession } from './terminal-session.js';

export const STTY_BEGIN = 'STTY_BEGIN';
export const STTY_END = 'STTY_END';

/** Local and input flags a raw-mode program clears and must set again on exit. */
const COOKED_FLAGS = ['echo', 'icanon', 'isig', 'iexten', 'icrnl'];

/** Problems with the terminal's state after the program exited; empty when fully restored. */
export function terminalRestoreProblems(session: TerminalSession): string[] {
  const problems: string[] = [];
  const raw = session.raw;
  const lastOf = (seq: string) => raw.lastIndexOf(seq);

  if (session.inAltScreen()) problems.push('emulator is still on the alternate screen');
  if (lastOf('\x1b[?1049h') < 0) problems.push('never entered the alternate screen');
  if (lastOf('\x1b[?1049l') < lastOf('\x1b[?1049h')) problems.push('did not leave the alternate screen (no ESC[?1049l after the last ESC[?1049h)');
  if (lastOf('\x1b[?25l') >= 0 && lastOf('\x1b[?25h') < lastOf('\x1b[?25l')) problems.push('cursor left hidden (no ESC[?25h after the last ESC[?25l)');
  if (session.term.modes.mouseTrackingMode !== 'none') problems.push(`mouse tracking left on (${session.term.modes.mouseTrackingMode})`);
  if (session.term.modes.bracketedPasteMode) problems.push('bracketed paste left on');
  if (session.term.modes.applicationCursorKeysMode) problems.push('application cursor keys left on');
  if (session.term.modes.synchronizedOutputMode) problems.push('synchronized output left on (ESC[?2026h without ESC[?2026l)');

  const stty = sttyOutput(raw);
  if (stty === undefined) {
    problems.push('no `stty -a` output after the program exited');
  } else {
    const flags = new Set(stty.split(/[\s;]+/));
    for (const flag of COOKED_FLAGS) {
      if (!flags.has(flag)) problems.push(`tty flag ${flag} not restored (stty shows ${flags.has(`-${flag}`) ? `-${flag}` : 'nothing'})`);
    }
  }
  return problems;
}

/** The `stty -a` text the wrapper printed after the program exited. */
export function sttyOutput(raw: string): string | undefined {
  const begin = raw.lastIndexOf(STTY_BEGIN);
  const end = raw.lastIndexOf(STTY_END);
  return begin >= 0 && end > begin ? raw.slice(begin + STTY_BEGIN.length, end) : undefined;
}

/**
 * A bash command line that runs `argv`, then prints its exit status and `stty -a` in the same pty,
 * so the terminal state the program left behind can be read back. It then waits for a line of
 * input: node-pty drops output still unread 200 ms after the last process exits, so the pty stays
 * open until the test has the report (see awaitWrapperReport).
 */
export function wrapWithSttyReport(argv: string[]): { command: string; args: string[] } {
  const script = [
    '"$@"',
    'code=$?',
    `printf '\\nPROGRAM_EXIT=%s\\n${STTY_BEGIN}\\n' "$code"`,
    'stty -a',
    `printf '${STTY_END}\\n'`,
    'read -r _',
  ].join('; ');
  return { command: 'bash', args: ['-c', script, 'e2e-wrapper', ...argv] };
}

/** The wrapped program's exit status as bash saw it (128+N for signal N), once printed. */
export function wrappedExitCode(raw: string): number | undefined {
  const match = /PROGRAM_EXIT=(\d+)/.exec(raw);
  return match ? Number(match[1]) : undefined;
}

/** Waits for the wrapper's report (exit status and `stty -a`), then lets the wrapper exit. */
export async function awaitWrapperReport(session: TerminalSession, timeoutMs = 5000): Promise<ExitStatus> {
  await session.waitForRaw(new RegExp(`${STTY_END}\\r?\\n`), 0, timeoutMs);
  session.pty.write('\n');
  return session.exit(timeoutMs);
}
