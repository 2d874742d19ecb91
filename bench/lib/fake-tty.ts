// A terminal for Ink that counts what is written to it: a TTY-like stdout of a fixed size, and a
// stdin the bench types keys into.
import { EventEmitter } from 'node:events';

export class CountingStdout extends EventEmitter {
  readonly isTTY = true;
  bytes = 0;
  writes = 0;
  /** Called after every write (the bench waits on it). */
  onWrite: (() => void) | null = null;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    this.writes++;
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    this.onWrite?.();
    return true;
  };
  /** Bytes written by `action` (synchronously). */
  countDuring(action: () => void): number {
    const before = this.bytes;
    action();
    return this.bytes - before;
  }
  /**
   * Milliseconds from `action` until the first write after it that satisfies `done` (default:
   * any), or NaN after `timeoutMs`.
   */
  timeToWrite(action: () => void, timeoutMs = 5000, done: () => boolean = () => true): Promise<number> {
    return new Promise((resolve) => {
      const start = performance.now();
      const timer = setTimeout(() => {
        this.onWrite = null;
        resolve(Number.NaN);
      }, timeoutMs);
      this.onWrite = () => {
        if (!done()) return;
        this.onWrite = null;
        clearTimeout(timer);
        resolve(performance.now() - start);
      };
      action();
    });
  }
}

/** Like ink-testing-library's stdin: `type` makes Ink read the given keys. */
export class KeyboardStdin extends EventEmitter {
  readonly isTTY = true;
  private pending: string | null = null;
  type(keys: string): void {
    this.pending = keys;
    this.emit('readable');
    this.emit('data', keys);
  }
  read(): string | null {
    const p = this.pending;
    this.pending = null;
    return p;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}
