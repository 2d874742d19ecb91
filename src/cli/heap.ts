// V8 lets its old generation grow to up to 4× the live data between full collections. A poller
// that replaces much of its data every poll gets there every time. Measured on the real binary
// polling 100k v1 sessions every second for 50 s (peak RSS, CPU): V8's default 545 MB, 16.4 s;
// growth 100 %: 340 MB, 17.8 s; 50 %: 278 MB, 21.4 s; 25 %: 265 MB, 26.8 s. 50 % halves the
// peak for about a third more CPU, and 25 % buys little more at a much higher price. For small
// lists V8's defaults cost less CPU and little memory, so once a poll shows a small list the
// limit is lifted. V8 reads this flag at every collection, so it can change while running.
// Off with SESSTOP_HEAP_POLICY=off; an explicit `node --heap-growing-percent=N` is left alone
// (Node does not accept that flag in NODE_OPTIONS).
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;
/** Sessions from which the heap growth is limited… */
export const LARGE_LIST = 30_000;
/** …and below which V8's defaults come back (apart, so a list near the line does not flap). */
export const SMALL_AGAIN = 20_000;

/** The environment variable that turns the policy off. */
export const HEAP_POLICY_ENV = 'SESSTOP_HEAP_POLICY';

/**
 * Whether to apply the policy: not when SESSTOP_HEAP_POLICY=off or node was started with its own
 * --heap-growing-percent. Throws a one-line message for any other value of the variable.
 */
export function heapPolicyWanted(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): boolean {
  const setting = env[HEAP_POLICY_ENV];
  if (setting !== undefined && setting !== '' && setting !== 'on' && setting !== 'off') {
    throw new Error(`${HEAP_POLICY_ENV} is ${JSON.stringify(setting.slice(0, 20))}; use "on" (the default) or "off"`);
  }
  if (setting === 'off') return false;
  return !execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a));
}

/**
 * Limits heap growth now (a large first poll must not grow the heap unchecked: the next full
 * collection would only come at 4× the data) and returns the function to call with the session
 * count after every poll, which keeps the limit for large lists and lifts it for small ones.
 */
export function heapGrowthPolicy(setFlags: (flags: string) => void = v8.setFlagsFromString, wanted = heapPolicyWanted()): (sessions: number) => void {
  if (!wanted) return () => undefined;
  let limited = true;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return (sessions) => {
    const want = limited ? sessions >= SMALL_AGAIN : sessions >= LARGE_LIST;
    if (want === limited) return;
    limited = want;
    // 0 is V8's "no fixed factor": its own heuristics.
    setFlags(`--heap-growing-percent=${want ? HEAP_GROWING_PERCENT : 0}`);
  };
}
