// The simulator's clock. Manual clocks move only when a test calls advance(); wall clocks follow
// real time and bring the model up to date lazily, before each request is answered.
import { performance } from 'node:perf_hooks';
import type { SimModel } from './model.js';

export type ClockMode = 'manual' | 'wall';

export interface SimClock {
  readonly mode: ClockMode;
  /** Simulated now, epoch ms (a wall clock first catches the model up). */
  now(): number;
  /** Moves simulated time forward by `seconds` (>= 0), running the model through it. */
  advance(seconds: number): void;
  /** Wall clock: steps the model to the current real time. Manual clock: does nothing. */
  sync(): void;
}

export function createClock(mode: ClockMode, model: SimModel): SimClock {
  return mode === 'manual' ? new ManualClock(model) : new WallClock(model);
}

class ManualClock implements SimClock {
  readonly mode = 'manual' as const;
  constructor(private readonly model: SimModel) {}

  now(): number {
    return this.model.now();
  }

  advance(seconds: number): void {
    this.model.step(seconds);
  }

  sync(): void {}
}

class WallClock implements SimClock {
  readonly mode = 'wall' as const;
  private readonly origin = performance.now();
  private readonly start: number;
  private offsetMs = 0;

  constructor(private readonly model: SimModel) {
    this.start = model.now();
  }

  now(): number {
    this.sync();
    return this.model.now();
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError(`advance: seconds must be a finite number >= 0 (got ${seconds})`);
    }
    this.offsetMs += seconds * 1000;
    this.sync();
  }

  sync(): void {
    const target = this.start + (performance.now() - this.origin) + this.offsetMs;
    const behind = target - this.model.now();
    if (behind > 0) this.model.step(behind / 1000);
  }
}
