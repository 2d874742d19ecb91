// Per-test resources (simulators, proxies, terminals) that are always released, in reverse order.
import { afterEach } from 'vitest';
import { startSimulator, type SimOptions, type Simulator } from '../../../src/sim/index.js';
import { startSesstop, type SesstopTerminal, type StartOptions } from './sesstop.js';

export type Cleanup = () => Promise<void> | void;

export interface Cleanups {
  add(cleanup: Cleanup): void;
  /** Runs every cleanup registered so far, newest first (also done after each test). */
  runAll(): Promise<void>;
}

/** Registers an afterEach that runs every cleanup pushed during the test. */
export function useCleanups(): Cleanups {
  const cleanups: Cleanup[] = [];
  const runAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  afterEach(runAll);
  return { add: (cleanup) => cleanups.push(cleanup), runAll };
}

export const ADMIN = { user: 'admin', password: 'mariadb' };

/** Connection flags for sesstop against `hostPort` with the simulator's default account. */
export function connectArgs(hostPort: string | string[], extra: string[] = []): string[] {
  const hosts = Array.isArray(hostPort) ? hostPort.join(',') : hostPort;
  return ['-h', hosts, '-u', ADMIN.user, '-p', ADMIN.password, ...extra];
}

export function hostPortOf(sim: Simulator): string {
  return `127.0.0.1:${sim.port}`;
}

/** Test-scoped factories: everything they start is stopped after the test. */
export function e2eFixtures() {
  const cleanups = useCleanups();
  const onCleanup = cleanups.add;
  return {
    onCleanup,
    /** Stops everything started so far (between runs of a property). */
    releaseAll: cleanups.runAll,
    async simulator(options: SimOptions = {}): Promise<Simulator> {
      const sim = await startSimulator({ clock: 'manual', churn: false, ...options });
      onCleanup(() => sim.close());
      return sim;
    },
    sesstop(args: string[], options: StartOptions = {}): SesstopTerminal {
      const terminal = startSesstop(args, options);
      onCleanup(() => terminal.dispose());
      return terminal;
    },
  };
}
