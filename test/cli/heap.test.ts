import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runOnPty } from './helpers/pty.js';
import { ensureBuilt, tempHome } from './helpers/run.js';
import { startHeapPolicy, heapPolicyWanted, raiseOptimisationBudget, BUDGET_FLAG, HEAP_GROWING_PERCENT, LARGE_LIST, SCAVENGE_FLAG, SMALL_AGAIN, SMALL_LIST_GROWING_PERCENT } from '../../src/cli/heap.js';

const ALL = { growth: true, scavenge: true, budget: true };

describe('heap growth policy', () => {
  it('limits heap growth from the start, lets small lists grow more, and does not flap near the lines', () => {
    const set: string[] = [];
    const observe = startHeapPolicy((f) => set.push(f), ALL);
    const limit = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
    const small = `--heap-growing-percent=${SMALL_LIST_GROWING_PERCENT}`;
    expect(set).toEqual([SCAVENGE_FLAG, limit]); // before the first poll: it may be a large one
    observe(100_000);
    observe(SMALL_AGAIN);
    expect(set).toEqual([SCAVENGE_FLAG, limit]);
    observe(SMALL_AGAIN - 1);
    expect(set).toEqual([SCAVENGE_FLAG, limit, small]);
    observe(LARGE_LIST - 1); // between the two lines: stays small
    expect(set).toHaveLength(3);
    observe(LARGE_LIST);
    // Scavenges stay on one thread whatever the size (no gain from helpers at 100k either).
    expect(set).toEqual([SCAVENGE_FLAG, limit, small, limit]);
  });

  it('applies each part unless node was given its flag', () => {
    const set: string[] = [];
    startHeapPolicy((f) => set.push(f), { growth: false, scavenge: true, budget: false })(100_000);
    expect(set).toEqual([SCAVENGE_FLAG]);
    set.length = 0;
    startHeapPolicy((f) => set.push(f), { growth: true, scavenge: false, budget: false });
    expect(set).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    set.length = 0;
    startHeapPolicy((f) => set.push(f), { growth: false, scavenge: false, budget: true })(10);
    expect(set).toEqual([]); // the budget is the executable's, before anything loads
  });

  it('raises the optimisation budget unless the policy is off, node has its own, or the setting is wrong', () => {
    const set: string[] = [];
    expect(raiseOptimisationBudget((f) => set.push(f), {}, [])).toBe(true);
    expect(set).toEqual([BUDGET_FLAG]);
    expect(raiseOptimisationBudget((f) => set.push(f), { SESSTOP_HEAP_POLICY: 'off' }, [])).toBe(false);
    expect(raiseOptimisationBudget((f) => set.push(f), {}, ['--interrupt-budget=1000'])).toBe(false);
    expect(raiseOptimisationBudget((f) => set.push(f), { SESSTOP_HEAP_POLICY: 'maybe' }, [])).toBe(false);
    expect(set).toEqual([BUDGET_FLAG]);
  });

  it('is off with SESSTOP_HEAP_POLICY=off or an explicit node --heap-growing-percent; other values are refused', () => {
    expect(heapPolicyWanted({}, [])).toEqual(ALL);
    expect(heapPolicyWanted({ SESSTOP_HEAP_POLICY: 'on' }, ['--expose-gc'])).toEqual(ALL);
    expect(heapPolicyWanted({ SESSTOP_HEAP_POLICY: 'off' }, [])).toEqual({ growth: false, scavenge: false, budget: false });
    expect(heapPolicyWanted({}, ['--heap-growing-percent=50'])).toEqual({ ...ALL, growth: false });
    expect(heapPolicyWanted({}, ['--heap_growing_percent=10'])).toEqual({ ...ALL, growth: false });
    for (const own of ['--parallel-scavenge', '--no-parallel-scavenge', '--no_parallel_scavenge', '--single-threaded-gc', '--single-threaded', '--noparallel-scavenge']) {
      expect(heapPolicyWanted({}, [own])).toEqual({ ...ALL, scavenge: false });
    }
    for (const own of ['--interrupt-budget=1000', '--interrupt_budget=5']) expect(heapPolicyWanted({}, [own])).toEqual({ ...ALL, budget: false });
    expect(heapPolicyWanted({}, ['--interrupt-budget-for-feedback-allocation=9'])).toEqual(ALL); // not the same flag
    expect(heapPolicyWanted({}, ['--parallel-scavenge-extra'])).toEqual(ALL); // not the same flag

    expect(() => heapPolicyWanted({ SESSTOP_HEAP_POLICY: 'of' }, [])).toThrow('SESSTOP_HEAP_POLICY is "of"; use "on" (the default) or "off"');
    const set: string[] = [];
    const observe = startHeapPolicy((f) => set.push(f), { growth: false, scavenge: false, budget: false });
    observe(LARGE_LIST * 2);
    observe(10);
    expect(set).toEqual([]);
  });

  it('uses flags this V8 accepts at run time', () => {
    // V8 reports an unknown flag on the process's stderr and otherwise ignores it: the policy
    // would then do nothing. Checked in a child process, with a bogus flag as the control.
    const stderrOf = (flag: string) =>
      spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)})`], { encoding: 'utf8' }).stderr;
    expect(stderrOf('--no-such-heap-flag=1')).toMatch(/unrecognized flag/);
    expect(stderrOf(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)).toBe('');
    expect(stderrOf(`--heap-growing-percent=${SMALL_LIST_GROWING_PERCENT}`)).toBe('');
    expect(stderrOf(SCAVENGE_FLAG)).toBe('');
    expect(stderrOf(BUDGET_FLAG)).toBe('');
  });
});

describe('SESSTOP_HEAP_POLICY on the command line', () => {
  it('a wrong value is one line and the usage exit status, before the view starts', async () => {
    ensureBuilt();
    const home = tempHome();
    try {
      // On a terminal, where the interactive view (the only user of the policy) would start.
      const t = runOnPty(['--simulate'], home.home, { SESSTOP_HEAP_POLICY: 'sometimes' });
      expect(await t.exited).toBe(EXIT.usage);
      const lines = t.output().trim().split(/\r?\n/);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('SESSTOP_HEAP_POLICY is "sometimes"; use "on" (the default) or "off"');
    } finally {
      home.cleanup();
    }
  });
});
