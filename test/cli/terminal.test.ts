// The command on a real pseudo-terminal: the password prompt (no echo), close confirmation,
// and the interactive view started, used and quit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { runOnPty } from './helpers/pty.js';
import { ensureBuilt, tempHome } from './helpers/run.js';
import { FIXED_SESSIONS, hostOf, startFixedSim } from './helpers/sim.js';

let sim: Simulator;
let home: ReturnType<typeof tempHome>;

beforeAll(async () => {
  ensureBuilt();
  sim = await startFixedSim(FIXED_SESSIONS, { auth: { user: 'ops', password: 'pa55-word' } });
});
beforeEach(() => {
  home?.cleanup();
  home = tempHome();
});
afterAll(async () => {
  await sim.close();
  home.cleanup();
});

const idOf = (user: string): number => {
  const s = sim.model.sessions().find((x) => x.user === user);
  if (!s) throw new Error(`no ${user}`);
  return s.id;
};

describe("-p '' prompts on the terminal without echo", () => {
  it('the typed password is used and never shown', async () => {
    const t = runOnPty(['-h', hostOf(sim), '-u', 'ops', '-p', '', '--format', 'ndjson'], home.home);
    await t.waitFor(/Enter password: $/);
    t.write('pa55-wordX\x7f\r'); // a typo fixed with backspace
    expect(await t.exited).toBe(0);
    const out = t.output();
    expect(out).not.toContain('pa55');
    expect(out).toContain('"user":"alice"');
  });

  it('a wrong password: exit 3', async () => {
    const t = runOnPty(['-h', hostOf(sim), '-u', 'ops', '-p', '', '--once'], home.home);
    await t.waitFor(/Enter password: $/);
    t.write('nope\r');
    expect(await t.exited).toBe(3);
  });

  it('Ctrl-C at the prompt cancels: exit 130', async () => {
    const t = runOnPty(['-h', hostOf(sim), '-u', 'ops', '-p', '', '--once'], home.home);
    await t.waitFor(/Enter password: $/);
    t.write('abc\x03');
    expect(await t.exited).toBe(130);
  });
});

describe('close asks on the terminal', () => {
  const closeArgs = (id: number | string) => ['close', String(id), '-h', hostOf(sim), '-u', 'ops', '-p', 'pa55-word'];

  it('y closes exactly the session shown', async () => {
    const id = idOf('carol');
    const t = runOnPty(closeArgs(id), home.home);
    await t.waitFor(new RegExp(`Close session ${id} on ${hostOf(sim)} \\(carol@198\\.51\\.100\\.7, service Read-Only-Service, idle 6m40s.*\\? \\[y/N\\] `));
    expect(sim.model.get(id)).toBeDefined();
    t.write('y\r');
    expect(await t.exited).toBe(0);
    expect(sim.model.get(id)).toBeUndefined();
    expect(t.output()).toContain(`closed session ${id}`);
  });

  it('the audit log records the idle time the question showed, however long the answer took', async () => {
    const extra = sim.model.addSession({ user: 'zzwait', address: '192.0.2.90', idleSeconds: 50 });
    const file = join(home.home, 'wait-audit.log');
    const t = runOnPty([...closeArgs(extra.id), '--audit-log', file], home.home);
    await t.waitFor(new RegExp(`Close session ${extra.id} on .*idle 50s.*\\? \\[y/N\\] `));
    await new Promise((r) => setTimeout(r, 2500));
    t.write('y\r');
    expect(await t.exited).toBe(0);
    const line = JSON.parse(readFileSync(file, 'utf8').trim()) as { session: { id: number; idle: number } };
    expect(line.session.id).toBe(extra.id);
    // Shown as 50s; the answer 2.5 s later must not move it on.
    expect(line.session.idle).toBeGreaterThanOrEqual(50);
    expect(line.session.idle).toBeLessThan(51);
  });

  it('anything else declines: nothing closed, exit 5', async () => {
    const id = idOf('alice');
    const t = runOnPty(closeArgs(id), home.home);
    await t.waitFor(/\[y\/N\] /);
    t.write('\r');
    expect(await t.exited).toBe(5);
    expect(sim.model.get(id)).toBeDefined();
    expect(t.output()).toContain('(declined)');
  });

  it('a session that changed while the question was open is refused (audited)', async () => {
    const id = idOf('app');
    const t = runOnPty(closeArgs(id), home.home);
    await t.waitFor(/\[y\/N\] /);
    const s = sim.model.get(id);
    if (!s) throw new Error('gone');
    s.user = 'mallory';
    t.write('y\r');
    expect(await t.exited).toBe(5);
    expect(sim.model.get(id)).toBeDefined();
    expect(t.output()).toMatch(/no longer the session you saw/);
    const line = JSON.parse(readFileSync(join(home.state, 'sesstop', 'audit.log'), 'utf8'));
    expect(line).toMatchObject({ result: 'refused', session: { id, user: 'app' } });
  });

  it('a session that left while the question was open is reported as already gone', async () => {
    const extra = sim.model.addSession({ user: 'leaver', address: '192.0.2.77', idleSeconds: 5 });
    const t = runOnPty(closeArgs(extra.id), home.home);
    await t.waitFor(/\[y\/N\] /);
    sim.model.close(extra.id);
    t.write('yes\r');
    expect(await t.exited).toBe(0);
    expect(t.output()).toContain('already gone');
  });
});

describe('interactive view', () => {
  it('starts on a terminal, shows the sessions, quits with q (exit 0)', async () => {
    const t = runOnPty(['-h', hostOf(sim), '-u', 'ops', '-p', 'pa55-word'], home.home);
    await t.waitFor(/bob/);
    t.write('q');
    expect(await t.exited).toBe(0);
  });

  it('--once on a terminal prints a table as wide as the terminal (120 here), no UI', async () => {
    const t = runOnPty(['-h', hostOf(sim), '-u', 'ops', '-p', 'pa55-word', '--once'], home.home, { COLUMNS: '200' });
    expect(await t.exited).toBe(0);
    const lines = t.output().trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^\s+ID USER/);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);
    expect(t.output()).not.toContain('\u001b[?1049h');
  });

  it('with stdin a pipe, the keys come from /dev/tty', async () => {
    const t = runOnPty(['-h', hostOf(sim), '-u', 'ops', '-p', 'pa55-word'], home.home, {}, true);
    await t.waitFor(/bob/);
    t.write('q');
    expect(await t.exited).toBe(0);
  });

  it('--sort, --reverse, -d and --filter reach the view', async () => {
    const t = runOnPty(['-h', hostOf(sim), '-u', 'ops', '-p', 'pa55-word', '--sort', 'user', '--reverse', '-d', '7', '--filter', 'user:alice'], home.home);
    await t.waitFor(/every 7s\s+sort user▼/);
    await t.waitFor(/alice/);
    t.write('q');
    expect(await t.exited).toBe(0);
    expect(t.output()).not.toMatch(/192\.0\.2\.4:/);
  });

  it('closing from the view is audited with via "ui"', async () => {
    const extra = sim.model.addSession({ user: 'zzlongest', address: '192.0.2.88', idleSeconds: 999_999 });
    const t = runOnPty(['-h', hostOf(sim), '-u', 'ops', '-p', 'pa55-word'], home.home);
    await t.waitFor(/zzlongest/);
    // Sorted by idle, longest first: the cursor is on zzlongest.
    t.write('k');
    await t.waitFor(new RegExp(`Close session ${extra.id} zzlongest@192\\.0\\.2\\.88`));
    t.write('y');
    // The footer says "closed", or (a poll later) that the session left.
    await t.waitFor(new RegExp(`closed session ${extra.id} on|session ${extra.id} left`));
    t.write('q');
    expect(await t.exited).toBe(0);
    expect(sim.model.get(extra.id)).toBeUndefined();
    const line = JSON.parse(readFileSync(join(home.state, 'sesstop', 'audit.log'), 'utf8'));
    expect(line).toMatchObject({ result: 'closed', via: 'ui', session: { id: extra.id, user: 'zzlongest' } });
  });

  it('--read-only: the close key does nothing', async () => {
    const t = runOnPty(['-h', hostOf(sim), '-u', 'ops', '-p', 'pa55-word', '--read-only'], home.home);
    await t.waitFor(/bob/);
    const before = sim.model.size;
    t.write('k');
    await t.waitFor(/closing sessions is disabled/);
    t.write('q');
    expect(await t.exited).toBe(0);
    expect(sim.model.size).toBe(before);
  });

  it('an audit write failure in the view is shown, not silent', async () => {
    const { writeFileSync } = await import('node:fs');
    const blocker = join(home.home, 'blocker');
    writeFileSync(blocker, 'x');
    const extra = sim.model.addSession({ user: 'zzaudit', address: '192.0.2.89', idleSeconds: 9_999_999 });
    // A long interval: no poll replaces the footer message before it is seen.
    const t = runOnPty(['-h', hostOf(sim), '-u', 'ops', '-p', 'pa55-word', '-d', '600'], home.home, { XDG_STATE_HOME: blocker });
    await t.waitFor(/zzaudit/);
    t.write('k');
    await t.waitFor(new RegExp(`Close session ${extra.id} zzaudit@`));
    t.write('y');
    await t.waitFor(new RegExp(`could not write the audit log|session ${extra.id} left`));
    t.write('q');
    // Repeated on stderr after the view ends; the exit status says a close went unaudited.
    expect(await t.exited).toBe(6);
    expect(t.output()).toMatch(/sesstop: could not write the audit log .*blocker\/sesstop\/audit\.log: ENOTDIR \(not a directory\) \(1 close was not audited\)/);
    expect(sim.model.get(extra.id)).toBeUndefined();
  });

  for (const [name, args, env] of [
    ['NO_COLOR', [], { NO_COLOR: '1' }],
    ['--no-color', ['--no-color'], {}],
  ] as const) {
    it(`${name}: no colour escapes in the view`, async () => {
      const t = runOnPty(['-h', hostOf(sim), '-u', 'ops', '-p', 'pa55-word', ...args], home.home, env);
      await t.waitFor(/bob/);
      t.write('q');
      expect(await t.exited).toBe(0);
      // Foreground/background colours: SGR 30-37, 90-97, 40-47, 100-107, 38;…, 48;…
      expect(t.output()).not.toMatch(/\u001b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|4[0-7]|10[0-7]|38|48)(?:;[0-9;]*)?m/);
    });
  }

  it('colours are on by default', async () => {
    const t = runOnPty(['-h', hostOf(sim), '-u', 'ops', '-p', 'pa55-word'], home.home);
    await t.waitFor(/bob/);
    t.write('q');
    expect(await t.exited).toBe(0);
    expect(t.output()).toMatch(/\u001b\[3[0-7]m/);
  });
});
