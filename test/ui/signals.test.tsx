// Every exit path leaves the alternate screen with the cursor shown: SIGTERM, SIGHUP, a crash.
import { describe, expect, it } from 'vitest';
import { act } from 'react';
import { startUi } from './helpers/harness.js';
import { LEAVE_ALT_SCREEN } from '../../src/ui/terminal.js';
import { EXIT_CRASH, EXIT_SIGHUP, EXIT_SIGTERM } from '../../src/ui/run.js';

async function exitsOn(emit: () => void, code: number): Promise<void> {
  const ui = await startUi({ sim: { sessions: 3 }, signals: true });
  await act(async () => {
    emit();
  });
  expect(await ui.exit).toBe(code);
  expect(ui.stdout.writes.at(-1)).toBe(LEAVE_ALT_SCREEN);
  expect(process.listenerCount('SIGTERM')).toBe(0); // handlers removed again
  await ui.pool.close();
  await ui.sim.close();
}

describe('exit paths', () => {
  it('SIGTERM', () => exitsOn(() => process.emit('SIGTERM'), EXIT_SIGTERM));
  it('SIGHUP', () => exitsOn(() => process.emit('SIGHUP'), EXIT_SIGHUP));
  it('an uncaught exception restores the screen and reports one line', async () => {
    // Vitest's own handler would fail the test: set it aside while the UI handles the crash.
    const saved = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const emit = process.emit.bind(process) as (event: string, ...args: unknown[]) => boolean;
      await exitsOn(() => emit('uncaughtException', new Error('kaboom\x1b[2J')), EXIT_CRASH);
    } finally {
      process.stderr.write = write;
      for (const l of saved) process.on('uncaughtException', l);
    }
    expect(written.join('')).toBe('sesstop: internal error: kaboom^[[2J\n');
  });
});
