// A program running in a real pseudo-terminal (node-pty) whose output is fed, byte for byte, to a
// headless xterm. Tests read the emulated screen, never the raw stream, and wait on events (every
// parsed chunk re-checks the waiters) with a bounded timeout instead of sleeping.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pty, { type IPty } from 'node-pty';
import xterm from '@xterm/headless';
import { keyBytes, type KeyName } from './keys.js';
import { visible } from './escape-scanner.js';

const { Terminal } = xterm;
/** End of a synchronized update: Ink closes every frame with it. */
export const FRAME_END = '\x1b[?2026l';
type XTerm = InstanceType<typeof Terminal>;

export interface SpawnOptions {
  command: string;
  args?: string[];
  cols: number;
  rows: number;
  cwd?: string;
  /** Added to the isolated environment (TERM, PATH, LANG, a temp HOME and XDG_STATE_HOME). */
  env?: Record<string, string>;
}

export interface ExitStatus {
  exitCode: number;
  signal: number;
}

interface Waiter {
  check: () => boolean;
  /** Checked after every chunk, even inside a synchronized frame (for raw-log waits). */
  everyChunk: boolean;
  resolve: () => void;
  reject: (err: Error) => void;
  describe: () => string;
  timer: NodeJS.Timeout;
}

/**
 * Only what a program needs, built from scratch: in particular no CI variables, which would make
 * Ink render only the last frame, and no NO_COLOR or config from the developer's shell.
 */
export function isolatedEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    HOME: home,
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CONFIG_HOME: join(home, 'config'),
    ...extra,
  };
}

export class TerminalSession {
  readonly term: XTerm;
  readonly pty: IPty;
  /** Every byte the program wrote to its terminal, in order. */
  raw = '';
  /** Lines that wrapped, or scrolls, seen while the alternate screen was active. */
  readonly layoutViolations: string[] = [];
  exitStatus: ExitStatus | undefined;
  readonly home: string;

  private readonly waiters = new Set<Waiter>();
  private pendingWrites = 0;
  private scrollBeforeLineFeed = false;
  private readonly exited: Promise<ExitStatus>;

  constructor(options: SpawnOptions) {
    this.home = mkdtempSync(join(tmpdir(), 'sesstop-e2e-'));
    mkdirSync(join(this.home, 'state'), { recursive: true });
    this.term = new Terminal({ cols: options.cols, rows: options.rows, allowProposedApi: true, scrollback: 1000 });
    // xterm fires onScroll both for a real scroll and when a buffer is activated. A line feed that
    // scrolls fires onScroll and then onLineFeed; an activation fires onScroll then onBufferChange.
    this.term.onScroll(() => {
      this.scrollBeforeLineFeed = this.inAltScreen();
    });
    this.term.buffer.onBufferChange(() => {
      this.scrollBeforeLineFeed = false;
    });
    this.term.onLineFeed(() => {
      if (this.scrollBeforeLineFeed && this.inAltScreen()) this.layoutViolations.push(`scrolled:\n${this.screenText()}`);
      this.scrollBeforeLineFeed = false;
    });
    this.pty = pty.spawn(options.command, options.args ?? [], {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd ?? process.cwd(),
      env: isolatedEnv(this.home, options.env),
    });
    this.pty.onData((data) => {
      this.raw += data;
      this.pendingWrites++;
      this.term.write(data, () => {
        this.pendingWrites--;
        // Inside a synchronized update a real terminal shows nothing new until the frame ends;
        // judge the screen only at frame boundaries, as a user would see it.
        const frameDone = !this.term.modes.synchronizedOutputMode || this.exitStatus !== undefined;
        if (frameDone) this.recordWraps();
        this.checkWaiters(frameDone);
      });
    });
    this.exited = new Promise((resolve) => {
      this.pty.onExit(({ exitCode, signal }) => {
        this.exitStatus = { exitCode, signal: signal ?? 0 };
        // The emulator may still be parsing the last chunk; settle waiters once it is done.
        this.term.write('', () => {
          this.checkWaiters();
          resolve(this.exitStatus!);
        });
      });
    });
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  inAltScreen(): boolean {
    return this.term.buffer.active.type === 'alternate';
  }

  /** The visible screen, one string per row, trimmed on the right. */
  screenLines(): string[] {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.term.rows; y++) {
      lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true).trimEnd() ?? '');
    }
    return lines;
  }

  screenText(): string {
    return this.screenLines().join('\n');
  }

  /** Waits until `predicate` holds on the emulated screen, re-checking after every parsed chunk. */
  waitFor(predicate: () => boolean, describe: string | (() => string), timeoutMs = 5000, everyChunk = false): Promise<void> {
    const describeFn = typeof describe === 'string' ? () => describe : describe;
    if (predicate()) return Promise.resolve();
    if (this.exitStatus && this.pendingWrites === 0) {
      return Promise.reject(this.failure(`process had exited; never saw ${describeFn()}`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: predicate,
        everyChunk,
        resolve,
        reject,
        describe: describeFn,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(this.failure(`timed out after ${timeoutMs} ms waiting for ${describeFn()}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Waits for `pattern` on the visible screen; resolves with the first match. */
  async waitForText(pattern: RegExp | string, timeoutMs = 5000): Promise<RegExpMatchArray> {
    const re = typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern)) : pattern;
    let match: RegExpMatchArray | null = null;
    await this.waitFor(() => (match = this.screenText().match(re)) !== null, `screen to match ${re}`, timeoutMs);
    return match!;
  }

  /** Waits until `pattern` is no longer on the visible screen. */
  async waitForNoText(pattern: RegExp | string, timeoutMs = 5000): Promise<void> {
    const re = typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern)) : pattern;
    await this.waitFor(() => !re.test(this.screenText()), `screen to stop matching ${re}`, timeoutMs);
  }

  /** Waits for `pattern` in the raw byte log written after `fromIndex`. */
  async waitForRaw(pattern: RegExp, fromIndex = 0, timeoutMs = 5000): Promise<void> {
    await this.waitFor(() => pattern.test(this.raw.slice(fromIndex)), `raw output to match ${pattern}`, timeoutMs, true);
  }

  /**
   * Resolves after the program has finished writing `count` more frames (Ink wraps every frame in
   * synchronized-output marks, so the end mark counts frames) from now.
   */
  async nextFrames(count = 1, timeoutMs = 5000): Promise<void> {
    const from = this.raw.length;
    const ends = () => this.raw.slice(from).split(FRAME_END).length - 1;
    await this.waitFor(() => ends() >= count, `${count} more frame(s)`, timeoutMs);
  }

  /**
   * Sends keys one write each. Ink parses coalesced input, but a lone Esc followed by a key in the
   * same read is Meta+key, so callers wait for the effect of an Esc before the next key.
   */
  press(...keys: (KeyName | string)[]): void {
    for (const key of keys) this.pty.write(keyBytes(key));
  }

  /** Types text as one write, the way a fast typist's keys can arrive together. */
  type(text: string): void {
    this.pty.write(text);
  }

  resize(cols: number, rows: number): void {
    this.pty.resize(cols, rows);
    this.term.resize(cols, rows);
    this.scrollBeforeLineFeed = false;
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.pty.kill(signal);
  }

  /** Resolves once the process has exited and all its output is on the emulated screen. */
  async exit(timeoutMs = 5000): Promise<ExitStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.failure(`process still running after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the process if still running and removes the temp home. Safe to call twice. */
  async dispose(): Promise<void> {
    if (!this.exitStatus) {
      try {
        this.pty.kill('SIGKILL');
      } catch {
        // already gone
      }
      await this.exit(5000).catch(() => undefined);
    }
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('terminal session disposed'));
    }
    this.waiters.clear();
    rmSync(this.home, { recursive: true, force: true });
  }

  /** An Error whose message carries the screen, so a failed wait explains itself. */
  failure(message: string): Error {
    const status = this.exitStatus ? ` (process exited: code ${this.exitStatus.exitCode}, signal ${this.exitStatus.signal})` : '';
    return new Error(
      `${message}${status}\n--- screen ${this.cols}x${this.rows} ---\n${this.screenText()}\n--- end of raw log ---\n${visible(this.raw.slice(-600))}`,
    );
  }

  private recordWraps(): void {
    if (!this.inAltScreen()) return;
    const buffer = this.term.buffer.active;
    for (let y = 0; y < this.term.rows; y++) {
      if (buffer.getLine(buffer.viewportY + y)?.isWrapped) {
        this.layoutViolations.push(`row ${y} wrapped:\n${this.screenText()}`);
        return;
      }
    }
  }

  private checkWaiters(frameDone = true): void {
    for (const waiter of [...this.waiters]) {
      if (!frameDone && !waiter.everyChunk) continue;
      let ok = false;
      try {
        ok = waiter.check();
      } catch (err) {
        ok = false;
        this.settle(waiter, err as Error);
        continue;
      }
      if (ok) {
        this.settle(waiter);
      } else if (this.exitStatus && this.pendingWrites === 0) {
        this.settle(waiter, this.failure(`process exited while waiting for ${waiter.describe()}`));
      }
    }
  }

  private settle(waiter: Waiter, err?: Error): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    if (err) waiter.reject(err);
    else waiter.resolve();
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
