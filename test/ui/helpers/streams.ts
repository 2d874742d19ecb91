// Fake terminal streams for Ink: a stdout with settable size that records every write, and a
// stdin that feeds keypresses (like ink-testing-library's, which fixes columns at 100).
import { EventEmitter } from 'node:events';
import { CLEAR_SCREEN, ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN } from '../../../src/ui/terminal.js';
import { KeyboardStdin } from '../../../bench/lib/fake-tty.js';

const OUR_ESCAPES = new Set([ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, CLEAR_SCREEN]);

export class FakeStdout extends EventEmitter {
  isTTY = true;
  writes: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (chunk: string | Uint8Array): boolean => {
    this.writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  /** The latest frame Ink wrote (debug mode writes whole frames), without our escape writes. */
  lastFrame(): string {
    for (let i = this.writes.length - 1; i >= 0; i--) {
      const w = this.writes[i];
      if (!OUR_ESCAPES.has(w)) return w;
    }
    return '';
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

/** The bench's keyboard (bench/lib/fake-tty.ts), written to as ink-testing-library's stdin is. */
export class FakeStdin extends KeyboardStdin {
  write = (data: string): void => this.type(data);
}
