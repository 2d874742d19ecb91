// What every scenario gets from the runner.
export interface BenchContext {
  quick: boolean;
  /** Session counts to measure (1k, 10k, and 100k unless quick). */
  sizes: number[];
  runs: { normal: number; large: number };
  /** Seconds the steady scenario watches the running command. */
  steadySeconds: number;
  progress(message: string): void;
}
