// Proves the e2e harness itself against trivial programs, so a failing sesstop test means sesstop.
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalSession } from './harness/terminal-session.js';
import { scanTerminalOutput, sequenceShapes } from './harness/escape-scanner.js';
import { awaitWrapperReport, terminalRestoreProblems, wrapWithSttyReport, wrappedExitCode } from './harness/restore-check.js';
import { childPids, rssKiB } from './harness/proc.js';

const sessions: TerminalSession[] = [];
function bash(script: string, cols = 80, rows = 24): TerminalSession {
  const session = new TerminalSession({ command: 'bash', args: ['-c', script], cols, rows });
  sessions.push(session);
  return session;
}
function wrapped(script: string, cols = 80, rows = 24): TerminalSession {
  const { command, args } = wrapWithSttyReport(['bash', '-c', script]);
  const session = new TerminalSession({ command, args, cols, rows });
  sessions.push(session);
  return session;
}

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

describe.sequential('terminal session harness', () => {
  it('reads the emulated screen, not the byte stream', async () => {
    const s = bash(`printf 'hello\\n\\033[31mred\\033[0m  \\n\\033[5;3Hat-5-3'; read never`);
    await s.waitForText('at-5-3');
    const lines = s.screenLines();
    expect(lines).toHaveLength(24);
    expect(lines.slice(0, 2)).toEqual(['hello', 'red']);
    expect(lines[4]).toBe('  at-5-3');
    expect(s.raw).toContain('\x1b[31m');
  });

  it('waits for text that appears in response to typed input', async () => {
    const s = bash(`echo ready; read line; echo "got:$line"; read never`);
    await s.waitForText('ready');
    s.type('abc');
    s.press('enter');
    await expect(s.waitForText(/got:(\w+)/)).resolves.toMatchObject({ 1: 'abc' });
  });

  it('fails a bounded wait with the screen in the message, and fails fast once the process exited', async () => {
    const s = bash(`echo only-this; read never`);
    await s.waitForText('only-this');
    await expect(s.waitForText('never-shown', 300)).rejects.toThrow(/timed out after 300 ms[\s\S]*only-this/);
    const t = bash(`echo bye`);
    await t.exit();
    await expect(t.waitForText('never-shown', 60_000)).rejects.toThrow(/process had exited/);
  });

  it('sends named keys as the bytes a real xterm sends', async () => {
    const s = bash(`stty raw -echo; echo ready; dd bs=1 count=13 2>/dev/null | od -An -tx1; stty sane`);
    await s.waitForText('ready');
    s.press('up', 'pgdn', 'delete', 'ctrl-c', 'enter');
    await s.waitForText(/1b 5b 41 1b 5b 36 7e 1b 5b 33 7e 03 0d/);
  });

  it('resizes the pty and the emulator together', async () => {
    const s = bash(`echo ready; read x; stty size; read never`);
    await s.waitForText('ready');
    s.resize(200, 50);
    s.press('enter');
    await s.waitForText(/^50 200$/m);
    expect([s.cols, s.rows]).toEqual([200, 50]);
  });

  it('records wraps and scrolls on the alternate screen, and nothing for a well-behaved frame', async () => {
    const good = bash(`printf '\\033[?1049h%s\\n%s' "$(printf 'x%.0s' $(seq 40))" last; read never`, 40, 5);
    await good.waitForText('last');
    expect(good.layoutViolations).toEqual([]);

    const wraps = bash(`printf '\\033[?1049h%s' "$(printf 'x%.0s' $(seq 41))"; echo; echo done; read never`, 40, 5);
    await wraps.waitForText('done');
    expect(wraps.layoutViolations.join('\n')).toMatch(/row 1 wrapped/);

    const scrolls = bash(`printf '\\033[?1049h'; seq 6; printf done; read never`, 40, 5);
    await scrolls.waitForText('done');
    expect(scrolls.layoutViolations.join('\n')).toMatch(/scrolled/);
  });

  it('reports a terminal left in raw mode on the alternate screen with the cursor hidden', async () => {
    const s = wrapped(`printf '\\033[?1049h\\033[?25l\\033[?1000h\\033[?2026h'; stty raw -echo; exit 3`);
    await awaitWrapperReport(s);
    expect(wrappedExitCode(s.raw)).toBe(3);
    const problems = terminalRestoreProblems(s);
    expect(problems).toEqual(
      expect.arrayContaining([
        'emulator is still on the alternate screen',
        expect.stringMatching(/did not leave the alternate screen/),
        expect.stringMatching(/cursor left hidden/),
        'mouse tracking left on (vt200)',
        'tty flag echo not restored (stty shows -echo)',
        'tty flag icanon not restored (stty shows -icanon)',
        'synchronized output left on (ESC[?2026h without ESC[?2026l)',
      ]),
    );
  });

  it('finds nothing wrong with a program that restores everything', async () => {
    const s = wrapped(`printf '\\033[?1049h\\033[?25l'; stty raw -echo; stty sane; printf '\\033[?1049l\\033[?25h'`);
    await awaitWrapperReport(s);
    expect(wrappedExitCode(s.raw)).toBe(0);
    expect(terminalRestoreProblems(s)).toEqual([]);
  });

  it('reports a signal death as 128+N and finds the wrapped child and its RSS', async () => {
    const s = wrapped(`echo ready; exec sleep 60`);
    await s.waitForText('ready');
    const [child] = childPids(s.pty.pid);
    expect(child).toBeGreaterThan(0);
    expect(rssKiB(child)).toBeGreaterThan(100);
    process.kill(child, 'SIGTERM');
    await awaitWrapperReport(s);
    expect(wrappedExitCode(s.raw)).toBe(128 + 15);
  });

  it('exit() reports the status of an unwrapped program killed by a signal', async () => {
    const s = bash(`echo ready; read never`);
    await s.waitForText('ready');
    s.kill('SIGKILL');
    await expect(s.exit()).resolves.toMatchObject({ signal: 9 });
  });
});

describe('escape allow-list scanner', () => {
  it("accepts what Ink and the alt-screen code emit", () => {
    const ink =
      '\x1b[?1049h\x1b[?25l\x1b[?2026h\x1b[2K\x1b[1A\x1b[2K\x1b[G\x1b[1mID\x1b[22m \x1b[38;5;214mbob\x1b[39m\r\n' +
      '\x1b[7mrow\x1b[27m\x1b[2J\x1b[3J\x1b[H\x1b[?2026l\x1b[?25h\x1b[?1049l';
    expect(scanTerminalOutput(ink)).toEqual([]);
  });

  it.each([
    ['OSC 52 clipboard write', 'a\x1b]52;c;aGk=\x07b', /escape sequence/],
    ['OSC title', '\x1b]0;pwned\x1b\\', /escape sequence/],
    ['DCS', '\x1bPq#0\x1b\\', /escape sequence/],
    ['device status query', '\x1b[6n', /escape sequence/],
    ['mouse reporting', '\x1b[?1000h', /escape sequence/],
    ['scroll region', '\x1b[1;5r', /escape sequence/],
    ['full reset', '\x1bc', /escape sequence/],
    ['BEL', 'ding\x07', /BEL/],
    ['C1 CSI', 'x\u009b31m', /C1 control U\+009b/],
    ['C1 OSC', '\u009d52;c;x\u009c', /C1 control U\+009d/],
    ['bidi override', 'user\u202eevil', /bidi control U\+202e/],
    ['bidi isolate', '\u2066x\u2069', /bidi control U\+2066/],
    ['tab', 'a\tb', /C0 control U\+0009/],
    ['backspace', 'a\bb', /C0 control U\+0008/],
  ])('flags %s', (_name, text, reason) => {
    const violations = scanTerminalOutput(`ok\x1b[1m${text}\x1b[0m`);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0].reason).toMatch(reason);
  });

  it('summarises sequence shapes for diagnostics', () => {
    expect(sequenceShapes('\x1b[12;3H\x1b[1m\x1b[2m')).toEqual(['␛[N;NH', '␛[Nm']);
  });
});
