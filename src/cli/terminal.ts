// The user's terminal for prompts: stdin when it is a TTY, else /dev/tty (so `sesstop ... | less`
// can still ask); null when there is none (cron, CI, a pipe without a controlling terminal).
import { closeSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ReadStream, WriteStream } from 'node:tty';

export interface Terminal {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  /** Releases /dev/tty if it was opened. */
  release(): void;
}

export function openTerminal(): Terminal | null {
  if (process.stdin.isTTY) {
    const output = process.stderr.isTTY ? process.stderr : process.stdout.isTTY ? process.stdout : null;
    if (output) return { input: process.stdin, output, release: () => process.stdin.pause() };
  }
  let inFd = -1;
  let outFd = -1;
  try {
    inFd = openSync('/dev/tty', 'r');
    outFd = openSync('/dev/tty', 'w');
    const input = new ReadStream(inFd) as unknown as NodeJS.ReadStream;
    const output = new WriteStream(outFd) as unknown as NodeJS.WriteStream;
    return {
      input,
      output,
      release: () => {
        input.destroy();
        output.destroy();
      },
    };
  } catch {
    for (const fd of [inFd, outFd]) if (fd >= 0) safeClose(fd);
    return null;
  }
}

function safeClose(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing more to release
  }
}

/**
 * Reads a line without echo (raw mode). Resolves null when the user cancels (Ctrl-C, or
 * Ctrl-D on an empty line). Backspace and Ctrl-U edit; escape sequences (arrow keys) are ignored.
 */
export function promptHidden(term: Terminal, prompt: string): Promise<string | null> {
  const { input, output } = term;
  return new Promise((resolve) => {
    let text = '';
    const finish = (value: string | null): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      resolve(value);
    };
    const onData = (chunk: string): void => {
      if (chunk.startsWith('\x1b')) return;
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(text);
        if (ch === '\x03') return finish(null);
        if (ch === '\x04') return finish(text === '' ? null : text);
        if (ch === '\x7f' || ch === '\b') text = text.slice(0, -1);
        else if (ch === '\x15') text = '';
        else if (ch >= ' ') text += ch;
      }
    };
    // Echo goes off before the prompt appears, so nothing typed after it is ever echoed.
    input.setEncoding('utf8');
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
    output.write(prompt);
  });
}

/** Asks a yes/no question; only `y`/`yes` (any case) is yes. Null when cancelled (Ctrl-C, Ctrl-D). */
export function askYesNo(term: Terminal, question: string): Promise<boolean | null> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: term.input, output: term.output, terminal: true });
    let settled = false;
    const done = (value: boolean | null): void => {
      if (settled) return;
      settled = true;
      rl.close();
      resolve(value);
    };
    rl.on('SIGINT', () => {
      term.output.write('\n');
      done(null);
    });
    rl.on('close', () => done(null));
    rl.question(question, (answer) => done(/^\s*y(es)?\s*$/i.test(answer)));
  });
}
