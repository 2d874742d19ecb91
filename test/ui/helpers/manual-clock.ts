// A hand-driven UiClock: timers fire only when a test advances time.
import type { UiClock } from '../../../src/ui/clock.js';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
  every: number | null;
}

export class ManualClock implements UiClock {
  private t: number;
  private nextId = 1;
  private timers = new Map<number, Timer>();
  constructor(start: number) {
    this.t = start;
  }
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => this.add(fn, ms, null);
  setInterval = (fn: () => void, ms: number): unknown => this.add(fn, ms, ms);
  clearTimeout = (h: unknown): void => void this.timers.delete(h as number);
  clearInterval = (h: unknown): void => void this.timers.delete(h as number);
  private add(fn: () => void, ms: number, every: number | null): number {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.t + Math.max(0, ms), fn, every });
    return id;
  }
  /** Pending one-shot timers (the poller's next poll), soonest first, as delays from now. */
  pendingTimeouts(): number[] {
    return [...this.timers.values()].filter((x) => x.every === null).map((x) => x.at - this.t).sort((a, b) => a - b);
  }
  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let due: Timer | null = null;
      for (const timer of this.timers.values()) if (timer.at <= end && (due === null || timer.at < due.at)) due = timer;
      if (due === null) break;
      this.t = Math.max(this.t, due.at);
      if (due.every === null) this.timers.delete(due.id);
      else due.at += Math.max(1, due.every);
      due.fn();
    }
    this.t = end;
  }
}
