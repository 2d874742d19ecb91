// Times a function: warm-up runs first (JIT, caches, keep-alive sockets), then N timed runs,
// optionally with a full GC before each so one run's garbage is not billed to the next.
import { summarize, type Summary } from './stats.js';

export type Task = () => unknown | Promise<unknown>;

export interface SampleOptions {
  /** Untimed work before each run (e.g. fresh input), so only the task itself is timed. */
  before?: () => unknown | Promise<unknown>;
  warmup?: number;
  runs?: number;
  /** Call global.gc() (needs --expose-gc) before every timed run. */
  gcBetween?: boolean;
}

export interface Sampled extends Summary {
  samples: number[];
}

const gc = (globalThis as { gc?: () => void }).gc;

export function collectGarbage(): void {
  gc?.();
}

async function timeOnce(task: Task): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

export async function sample(task: Task, opts: SampleOptions = {}): Promise<Sampled> {
  const { warmup = 3, runs = 15, gcBetween = true, before } = opts;
  for (let i = 0; i < warmup; i++) {
    await before?.();
    await task();
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    if (gcBetween) collectGarbage();
    samples.push(await timeOnce(task));
  }
  return { ...summarize(samples), samples };
}

/**
 * Times a subject and its floor alternately (A B A B …) so that machine noise, thermal state and
 * the other tenants of a shared box hit both sides alike; the ratio is then meaningful.
 */
export async function samplePair(
  subject: Task,
  floor: Task,
  opts: SampleOptions = {},
): Promise<{ subject: Sampled; floor: Sampled }> {
  const { warmup = 3, runs = 15, gcBetween = true, before } = opts;
  for (let i = 0; i < warmup; i++) {
    await before?.();
    await subject();
    await before?.();
    await floor();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    if (gcBetween) collectGarbage();
    a.push(await timeOnce(subject));
    await before?.();
    if (gcBetween) collectGarbage();
    b.push(await timeOnce(floor));
  }
  return { subject: { ...summarize(a), samples: a }, floor: { ...summarize(b), samples: b } };
}
