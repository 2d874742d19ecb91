// A UiClock whose time moves only when the bench says so: the UI's poll timer and screen ticker
// fire exactly when measured, never in the middle of another measurement.
import type { UiClock } from '../../src/ui/clock.js';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
  every?: number;
}

export interface ManualClock extends UiClock {
  advance(ms: number): void;
}

export function manualClock(start = Date.now()): ManualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, Timer>();
  const add = (fn: () => void, ms: number, every?: number): number => {
    const id = nextId++;
    timers.set(id, { id, at: now + ms, fn, every });
    return id;
  };
  return {
    now: () => now,
    setTimeout: (fn, ms) => add(fn, ms),
    setInterval: (fn, ms) => add(fn, ms, ms),
    clearTimeout: (h) => void timers.delete(h as number),
    clearInterval: (h) => void timers.delete(h as number),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.values()].filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        now = due.at;
        if (due.every) due.at += due.every;
        else timers.delete(due.id);
        due.fn();
      }
      now = end;
    },
  };
}
