import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runOnPty } from './helpers/pty.js';
import { ensureBuilt, tempHome } from './helpers/run.js';
import { heapGrowthPolicy, heapPolicyWanted, HEAP_GROWING_PERCENT, LARGE_LIST, SMALL_AGAIN } from '../../src/cli/heap.js';

describe('heap growth policy', () => {
  it('limits heap growth from the start, lifts the limit for small lists, and does not flap near the lines', () => {
    const set: string[] = [];
    const observe = heapGrowthPolicy((f) => set.push(f), true);
    const limit = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
    expect(set).toEqual([limit]); // before the first poll: it may be a large one
    observe(100_000);
    observe(SMALL_AGAIN);
    expect(set).toEqual([limit]);
    observe(SMALL_AGAIN - 1);
    expect(set).toEqual([limit, '--heap-growing-percent=0']);
    observe(LARGE_LIST - 1); // between the two lines: stays lifted
    expect(set).toHaveLength(2);
    observe(LARGE_LIST);
    expect(set).toEqual([limit, '--heap-growing-percent=0', limit]);
  });

  it('is off with SESSTOP_HEAP_POLICY=off or an explicit node --heap-growing-percent; other values are refused', () => {
    expect(heapPolicyWanted({}, [])).toBe(true);
    expect(heapPolicyWanted({ SESSTOP_HEAP_POLICY: 'on' }, ['--expose-gc'])).toBe(true);
    expect(heapPolicyWanted({ SESSTOP_HEAP_POLICY: 'off' }, [])).toBe(false);
    expect(heapPolicyWanted({}, ['--heap-growing-percent=50'])).toBe(false);
    expect(heapPolicyWanted({}, ['--heap_growing_percent=10'])).toBe(false);
    expect(() => heapPolicyWanted({ SESSTOP_HEAP_POLICY: 'of' }, [])).toThrow('SESSTOP_HEAP_POLICY is "of"; use "on" (the default) or "off"');
    const set: string[] = [];
    const observe = heapGrowthPolicy((f) => set.push(f), false);
    observe(LARGE_LIST * 2);
    observe(10);
    expect(set).toEqual([]);
  });

  it('uses a flag this V8 accepts at run time', () => {
    // V8 reports an unknown flag on the process's stderr and otherwise ignores it: the policy
    // would then do nothing. Checked in a child process, with a bogus flag as the control.
    const stderrOf = (flag: string) =>
      spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)})`], { encoding: 'utf8' }).stderr;
    expect(stderrOf('--no-such-heap-flag=1')).toMatch(/unrecognized flag/);
    expect(stderrOf(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)).toBe('');
    expect(stderrOf('--heap-growing-percent=0')).toBe('');
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
