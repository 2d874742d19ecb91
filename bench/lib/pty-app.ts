// The real `sesstop` binary in a pseudo-terminal, as a user runs it: counts what it writes to the
// terminal and keeps a headless xterm screen to check that it really shows sessions.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pty from 'node-pty';
import xterm from '@xterm/headless';
import { DIST_DIR } from './project.js';
import { sleep } from './sleep.js';

export const BIN_PATH = join(DIST_DIR, 'bin', 'sesstop.js');
export const binExists = (): boolean => existsSync(BIN_PATH);

export interface PtyApp {
  pid: number;
  /** Bytes written to the terminal since start. */
  bytes(): number;
  /** The visible screen, one string per row, trailing spaces trimmed. */
  screen(): string[];
  exited(): { code: number } | null;
  quit(): Promise<void>;
}

/** The environment of a user's shell: no NODE_ENV (the bench itself runs in production mode). */
function userEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_ENV') env[k] = v;
  env.TERM = 'xterm-256color';
  return env;
}

export function startPtyApp(args: string[], cols = 200, rows = 50, nodeArgs: string[] = []): PtyApp {
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  const proc = pty.spawn(process.execPath, [...nodeArgs, BIN_PATH, ...args], { cols, rows, name: 'xterm-256color', env: userEnv() });
  let bytes = 0;
  let exit: { code: number } | null = null;
  proc.onData((d) => {
    bytes += Buffer.byteLength(d);
    term.write(d);
  });
  const exitPromise = new Promise<void>((resolve) =>
    proc.onExit((e) => {
      exit = { code: e.exitCode };
      resolve();
    }),
  );
  return {
    pid: proc.pid,
    bytes: () => bytes,
    screen: () => {
      const buf = term.buffer.active;
      const lines: string[] = [];
      for (let y = 0; y < rows; y++) lines.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
      return lines;
    },
    exited: () => exit,
    quit: async () => {
      if (exit) return;
      proc.write('q');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(timer);
      term.dispose();
    },
  };
}

const ROW_ID = /^[>* ]{0,2}\s*(\d+)\s/;
/** The session ids of the rows on a screen. */
export const rowIds = (lines: string[]): string[] => lines.flatMap((l) => ROW_ID.exec(l)?.[1] ?? []);
/** A screen showing sessions has many lines that start with a session id. */
export const showsRows = (lines: string[]): boolean => rowIds(lines).length >= 10;

/** Waits until the screen satisfies `ready` (or the time runs out); returns whether it did. */
export async function waitForScreen(app: PtyApp, ready: (lines: string[]) => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.exited()) return false;
    if (ready(app.screen())) return true;
    await sleep(100);
  }
  return false;
}
