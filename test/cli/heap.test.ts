import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { heapGrowthPolicy, HEAP_GROWING_PERCENT, LARGE_LIST, SMALL_AGAIN, userSetsHeapGrowth } from '../../src/cli/heap.js';

describe('heap growth policy', () => {
  it('limits heap growth from the start, lifts the limit for small lists, and does not flap near the lines', () => {
    const set: string[] = [];
    const observe = heapGrowthPolicy((f) => set.push(f), false);
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

  it('leaves a growth the user set on the node command line or in NODE_OPTIONS alone', () => {
    expect(userSetsHeapGrowth(['--heap-growing-percent=50'], '')).toBe(true);
    expect(userSetsHeapGrowth([], '--max-old-space-size=512 --heap_growing_percent=10')).toBe(true);
    expect(userSetsHeapGrowth(['--expose-gc'], '--max-old-space-size=512')).toBe(false);
    const set: string[] = [];
    const observe = heapGrowthPolicy((f) => set.push(f), true);
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
