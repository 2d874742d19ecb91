// V8 lets its old generation grow to up to 4× the live data between full collections. A poller
// that replaces much of its data every poll gets there every time. Measured on the real binary
// polling 100k v1 sessions every second for 50 s (peak RSS, CPU): V8's default 545 MB, 16.4 s;
// growth 100 %: 340 MB, 17.8 s; 50 %: 278 MB, 21.4 s; 25 %: 265 MB, 26.8 s. 50 % halves the
// peak for about a third more CPU, and 25 % buys little more at a much higher price.
//
// Small lists get the opposite problem. About half a minute after start-up V8 sees an almost
// idle process and lets the old generation grow only ~10 % between full collections, while a
// poll's data lives a second, outlives a young collection or two and lands there: a full
// collection every ~6 s at 1k sessions and after nearly every poll at 10k (perf_hooks gc entries).
// Growth fixed at 100 % for small lists, on the real binary (30-s windows from 60 s after start):
// 1k 1.74–1.76 % of a core → 1.32–1.42 % (RSS +5–10 MB), 10k 9.5–11 % → 6.6 %; 200 % read
// 1.29–1.31 % and 5.7–6.0 % for twice the extra memory. V8 reads this flag at every
// collection, so it can change while running.
//
// Young-generation collections (scavenges) run on one thread. V8 spreads each over its worker
// threads by default; for the few MB a poll leaves behind, waking and syncing those threads costs
// more than the work: on the real binary at 1k sessions, 2.27 % → 1.93 % of a core (three
// alternating 20-s runs each; the main thread's share unchanged), 6.97 → 6.42 % at 10k, and no
// change in time or peak RSS at 100k. V8 reads this flag at every scavenge too.
//
// V8 optimises a function with TurboFan once it has run for an "interrupt budget" of bytecode.
// A viewer polling once a second keeps crossing that line with function after function for its
// first minute, and each compile runs on a helper thread: at 1k sessions, 0.3–0.4 s of compiling
// in the 30 s after the first screen (`--trace-opt`). About four times the budget optimises fewer
// functions that are only warm. On the real binary at 1k sessions, 5–35 s after start, six
// alternating runs each: 3.72 → 2.87 % of a core, every run lower (the saving is on V8's helper
// threads; the main thread is unchanged, and so is the CPU after two minutes). 10k: 10.8 → 10.3 %
// (three runs each); `--once` at 100k: no change. 8× and 16× read no better than 4×. The
// executable sets it before anything else loads: set when the view starts, it saved half as much.
//
// Off with SESSTOP_HEAP_POLICY=off; a flag the user gave node itself (`--heap-growing-percent`,
// `--[no-]parallel-scavenge`, `--single-threaded-gc`, `--interrupt-budget`) is left alone (Node
// does not accept these flags in NODE_OPTIONS).
import v8 from 'node:v8';

/** Old-generation growth between full collections while the list is large… */
export const HEAP_GROWING_PERCENT = 50;
/** …and while it is small. */
export const SMALL_LIST_GROWING_PERCENT = 100;
/** Sessions from which a list is large… */
export const LARGE_LIST = 30_000;
/** …and below which it is small again (apart, so a list near the line does not flap). */
export const SMALL_AGAIN = 20_000;

/** Scavenges on the main thread only. */
export const SCAVENGE_FLAG = '--no-parallel-scavenge';

/** About four times V8's default interrupt budget (67,584 bytes of bytecode in Node 20's V8). */
export const INTERRUPT_BUDGET = 264_000;
export const BUDGET_FLAG = `--interrupt-budget=${INTERRUPT_BUDGET}`;

/** The environment variable that turns the policy off. */
export const HEAP_POLICY_ENV = 'SESSTOP_HEAP_POLICY';

/** Which parts of the policy to apply. */
export interface HeapPolicyParts {
  growth: boolean;
  scavenge: boolean;
  budget: boolean;
}

const OWN_GROWTH_FLAG = /^--heap[-_]growing[-_]percent\b/;
const OWN_SCAVENGE_FLAG = /^--(?:no[-_]?)?(?:parallel[-_]scavenge|single[-_]threaded(?:[-_]gc)?)(?:=|$)/;
const OWN_BUDGET_FLAG = /^--interrupt[-_]budget(?:=|$)/;

/**
 * Which parts of the policy to apply: none with SESSTOP_HEAP_POLICY=off, and not a part whose
 * flag node was started with. Throws a one-line message for any other value of the variable.
 */
export function heapPolicyWanted(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): HeapPolicyParts {
  const setting = env[HEAP_POLICY_ENV];
  if (setting !== undefined && setting !== '' && setting !== 'on' && setting !== 'off') {
    throw new Error(`${HEAP_POLICY_ENV} is ${JSON.stringify(setting.slice(0, 20))}; use "on" (the default) or "off"`);
  }
  if (setting === 'off') return { growth: false, scavenge: false, budget: false };
  const own = (flag: RegExp) => execArgv.some((a) => flag.test(a));
  return { growth: !own(OWN_GROWTH_FLAG), scavenge: !own(OWN_SCAVENGE_FLAG), budget: !own(OWN_BUDGET_FLAG) };
}

/**
 * Raises V8's optimisation budget unless the policy is off or node was given its own budget. A
 * wrong SESSTOP_HEAP_POLICY leaves it alone here: the interactive view reports that value.
 */
export function raiseOptimisationBudget(
  setFlags: (flags: string) => void = v8.setFlagsFromString,
  env: NodeJS.ProcessEnv = process.env,
  execArgv: readonly string[] = process.execArgv,
): boolean {
  let wanted: HeapPolicyParts;
  try {
    wanted = heapPolicyWanted(env, execArgv);
  } catch {
    return false;
  }
  if (wanted.budget) setFlags(BUDGET_FLAG);
  return wanted.budget;
}

/**
 * Makes scavenges single-threaded and limits heap growth now (a large first poll must not grow
 * the heap unchecked: the next full collection would only come at 4× the data), and returns the
 * function to call with the session count after every poll, which keeps the large-list growth
 * for large lists and sets the small-list growth for small ones.
 */
export function startHeapPolicy(
  setFlags: (flags: string) => void = v8.setFlagsFromString,
  wanted: HeapPolicyParts = heapPolicyWanted(),
): (sessions: number) => void {
  if (wanted.scavenge) setFlags(SCAVENGE_FLAG);
  if (!wanted.growth) return () => undefined;
  let large = true;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return (sessions) => {
    const nowLarge = large ? sessions >= SMALL_AGAIN : sessions >= LARGE_LIST;
    if (nowLarge === large) return;
    large = nowLarge;
    setFlags(`--heap-growing-percent=${large ? HEAP_GROWING_PERCENT : SMALL_LIST_GROWING_PERCENT}`);
  };
}
