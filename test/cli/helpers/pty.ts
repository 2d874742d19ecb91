// Runs the built command on a pseudo-terminal (node-pty), for prompts and the interactive view.
import pty from 'node-pty';
import { BIN, baseEnv } from './run.js';

export interface PtyRun {
  /** Everything written to the terminal so far. */
  output(): string;
  write(data: string): void;
  /** Resolves once the output matches (after `from`, an offset into output()). */
  waitFor(pattern: RegExp, from?: number): Promise<void>;
  exited: Promise<number>;
  kill(): void;
}

/** `stdinFromPipe`: stdin is an empty pipe (`true | sesstop …`); the terminal is then only /dev/tty. */
export function runOnPty(args: string[], home: string, env: Record<string, string | undefined> = {}, stdinFromPipe = false): PtyRun {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const [file, argv] = stdinFromPipe ? ['/bin/sh', ['-c', `true | exec ${quoted}`]] : [process.execPath, [BIN, ...args]];
  const child = pty.spawn(file, argv, {
    name: 'xterm-256color',
    cols: 120,
    rows: 30,
    cwd: home,
    env: baseEnv(home, { TERM: 'xterm-256color', ...env }) as Record<string, string>,
  });
  let text = '';
  const waiters: Array<{ pattern: RegExp; from: number; resolve: () => void }> = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      if (w.pattern.test(text.slice(w.from))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.onData((d) => {
    text += d;
    check();
  });
  const exited = new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
  return {
    output: () => text,
    write: (data) => child.write(data),
    waitFor: (pattern, from = 0) =>
      new Promise<void>((resolve, reject) => {
        // A bound on a failure, not a timing assertion: report what the terminal showed.
        const bound = setTimeout(() => {
          const i = waiters.findIndex((w) => w.pattern === pattern);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`no ${pattern} within 15 s; output: ${JSON.stringify(text.slice(-3000))}`));
        }, 15_000);
        waiters.push({ pattern, from, resolve: () => (clearTimeout(bound), resolve()) });
        check();
        void exited.then(() => {
          // Give the last data event a chance; then fail with what was seen.
          setImmediate(() => {
            const i = waiters.findIndex((w) => w.pattern === pattern);
            if (i >= 0) {
              waiters.splice(i, 1);
              reject(new Error(`exited before ${pattern}; output: ${JSON.stringify(text.slice(-2000))}`));
            }
          });
        });
      }),
    exited,
    kill: () => child.kill(),
  };
}
