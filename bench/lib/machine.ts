// The machine a run happened on, printed first so figures are never read without it.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { patchStates, type PatchState } from './patches.js';

/** The repository root (this file is dist/bench/lib/machine.js). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  node: string;
  platform: string;
  memTotalMB: number;
  date: string;
  /** 1-minute load average at start: other tenants of a shared machine skew every figure. */
  loadAverage: number;
  /** patch-package patches of dependencies, and whether node_modules has them now. */
  patches: PatchState[];
}

function cpuModelFromProc(): string | undefined {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':').slice(1).join(':').trim() || undefined;
  } catch {
    return undefined;
  }
}

export function describeMachine(now = new Date()): MachineInfo {
  return {
    cpuModel: cpuModelFromProc() ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism?.() ?? os.cpus().length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memTotalMB: Math.round(os.totalmem() / 2 ** 20),
    date: now.toISOString(),
    loadAverage: os.loadavg()[0],
    patches: patchStates(ROOT),
  };
}

export function formatMachine(m: MachineInfo): string {
  const patches = m.patches.length ? m.patches.map((p) => `${p.patch} ${p.applied ? 'applied' : 'NOT APPLIED'}`).join(', ') : 'none';
  return `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memTotalMB} MB RAM, ${m.platform}\n` +
    `Node ${m.node}, run at ${m.date}, load average ${m.loadAverage.toFixed(2)} at start\n` +
    `Dependency patches: ${patches}`;
}
