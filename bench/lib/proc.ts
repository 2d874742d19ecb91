// Reads a process's CPU time and memory from /proc (Linux), for processes we did not write.
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux Node supports

function statCpuSeconds(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]); // field 14 overall
  const stime = Number(fields[12]); // field 15 overall
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** user+sys CPU seconds a process has used so far (all its threads), children excluded. */
export const cpuSeconds = (pid: number): number => statCpuSeconds(`/proc/${pid}/stat`);

/** user+sys CPU seconds of the main (JavaScript) thread alone; the rest is V8's and libuv's helpers. */
export const mainThreadCpuSeconds = (pid: number): number => statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);

/** A value from /proc/PID/status in MB (e.g. VmRSS, VmHWM), or NaN when absent. */
export function statusMB(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}
