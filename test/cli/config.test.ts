// The config file (~/.maxctrl.cnf or -c FILE): [maxctrl] as maxctrl reads it, [sesstop] for
// sesstop's own settings, the permission refusal, and the precedence flag > env > config > default.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { ensureBuilt, runSesstop, tempHome } from './helpers/run.js';
import { FIXED_SESSIONS, hostOf, startFixedSim } from './helpers/sim.js';

let sim: Simulator;
let home: ReturnType<typeof tempHome>;

beforeAll(async () => {
  ensureBuilt();
  // Credentials that only a config file (or the environment) can supply.
  sim = await startFixedSim(FIXED_SESSIONS, { auth: { user: 'ops', password: 's3cret' } });
});
beforeEach(() => {
  home?.cleanup();
  home = tempHome();
});
afterAll(async () => {
  await sim.close();
  home.cleanup();
});

function writeConfig(text: string, name = '.maxctrl.cnf', mode = 0o600): string {
  const file = join(home.home, name);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

const run = (args: string[], env?: Record<string, string | undefined>) => runSesstop(args, home.home, { env });
const users = (stdout: string) => stdout.trimEnd().split('\n').map((l) => JSON.parse(l).user as string);

describe('[maxctrl] section', () => {
  it('hosts, user and password from ~/.maxctrl.cnf (long names)', async () => {
    writeConfig(`[maxctrl]\nhosts = ${hostOf(sim)}\nuser = ops\npassword = s3cret\ntimeout = 5s\n`);
    const r = await run(['--format', 'ndjson']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(users(r.stdout)).toHaveLength(FIXED_SESSIONS.length);
  });

  it("short keys (u, p, h) as in maxctrl's documentation", async () => {
    writeConfig(`[maxctrl]\nh = ${hostOf(sim)}\nu = ops\np = s3cret\n`);
    const r = await run(['--format', 'ndjson']);
    expect(r.code).toBe(0);
  });

  it('keys maxctrl knows but sesstop does not use (tsv, quiet) are ignored in [maxctrl]', async () => {
    writeConfig(`[maxctrl]\nhosts = ${hostOf(sim)}\nu = ops\np = s3cret\ntsv = true\nquiet\nskip-sync = true\n`);
    expect((await run(['--once'])).code).toBe(0);
  });

  it('-c FILE names another file; a missing explicit file is an error, a missing default is not', async () => {
    const file = writeConfig(`[maxctrl]\nhosts = ${hostOf(sim)}\nuser = ops\npassword = s3cret\n`, 'other.cnf');
    expect((await run(['-c', file, '--once'])).code).toBe(0);
    const missing = await run(['-c', join(home.home, 'nope.cnf'), '--once']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`sesstop: config file ${join(home.home, 'nope.cnf')} does not exist — check the -c/--config path\n`);
    // No ~/.maxctrl.cnf at all is fine.
    const none = await run(['-h', hostOf(sim), '-u', 'ops', '-p', 's3cret', '--once']);
    expect(none.code).toBe(0);
  });

  it('~ in -c is the home directory', async () => {
    writeConfig(`[maxctrl]\nhosts = ${hostOf(sim)}\nuser = ops\npassword = s3cret\n`, 'tilde.cnf');
    expect((await run(['-c', '~/tilde.cnf', '--once'])).code).toBe(0);
  });
});

describe('permission refusal, as maxctrl', () => {
  for (const mode of [0o644, 0o640, 0o604, 0o620, 0o601]) {
    it(`mode ${mode.toString(8)} is refused with the reason and the fix`, async () => {
      const file = writeConfig(`[maxctrl]\nhosts = ${hostOf(sim)}\nuser = ops\npassword = s3cret\n`, '.maxctrl.cnf', mode);
      const r = await run(['--once']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `sesstop: config file ${file} is accessible by group or others (mode ${mode.toString(8)}) and may hold a password, so it is refused — run chmod 600 ${file}\n`,
      );
    });
  }

  it('mode 400 is accepted', async () => {
    writeConfig(`[maxctrl]\nhosts = ${hostOf(sim)}\nuser = ops\npassword = s3cret\n`, '.maxctrl.cnf', 0o400);
    expect((await run(['--once'])).code).toBe(0);
  });

  it('a file saved with a byte-order mark and CRLF line ends (Windows editors) is read', async () => {
    writeConfig(`\uFEFF[maxctrl]\r\nhosts = ${hostOf(sim)}\r\nuser = ops\r\npassword = s3cret\r\n`);
    const r = await run(['--format', 'ndjson']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(users(r.stdout)).toHaveLength(FIXED_SESSIONS.length);
  });

  it('a file with neither section is refused', async () => {
    writeConfig('[client]\nuser = x\n');
    const r = await run(['--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has neither a [maxctrl] nor a [sesstop] section');
  });
});

describe('[sesstop] section', () => {
  it('sort, filter, min-idle and format from [sesstop]; [sesstop] overrides [maxctrl]', async () => {
    writeConfig(
      `[maxctrl]\nhosts = 127.0.0.1:1\nuser = ops\npassword = wrong\n\n[sesstop]\nhosts = ${hostOf(sim)}\npassword = s3cret\n` +
        `sort = user\nreverse = true\nfilter = !user:alice\nmin-idle = 10s\nformat = ndjson\n`,
    );
    const r = await run([]);
    expect(r.stderr).toBe('');
    expect(users(r.stdout)).toEqual(['carol', 'bob', 'app']);
  });

  it('the command line overrides [sesstop]', async () => {
    writeConfig(`[sesstop]\nhosts = ${hostOf(sim)}\nuser = ops\npassword = s3cret\nsort = user\nformat = ndjson\n`);
    const r = await run(['--sort', 'idle', '--filter', 'user:app']);
    expect(users(r.stdout)).toEqual(['app', 'app']);
  });

  it('an unknown key is refused, naming it', async () => {
    writeConfig('[sesstop]\nintervall = 5\n');
    const r = await run(['--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sesstop: unknown setting 'intervall' in .*\.maxctrl\.cnf \[sesstop\] — /);
  });

  it('bad values name the key and the file', async () => {
    const file = writeConfig('[sesstop]\ninterval = soon\n');
    const r = await run(['--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`'interval' in ${file} [sesstop]: 'soon' is not a number of seconds`);
    writeConfig('[sesstop]\nread-only = maybe\n');
    expect((await run(['--once'])).stderr).toContain("'maybe' is not true or false");
  });

  it('command-line-only options (once, simulate) are not settings', async () => {
    writeConfig('[sesstop]\nonce = true\n');
    expect((await run([])).stderr).toContain("unknown setting 'once'");
  });
});

describe('password precedence: flag > SESSTOP_PASSWORD > config > default', () => {
  const base = () => writeConfig(`[maxctrl]\nhosts = ${hostOf(sim)}\nuser = ops\npassword = fromconfig\n`);

  it('config alone (wrong here): auth failure', async () => {
    base();
    expect((await run(['--once'])).code).toBe(3);
  });
  it('env beats config', async () => {
    base();
    expect((await run(['--once'], { SESSTOP_PASSWORD: 's3cret' })).code).toBe(0);
  });
  it('flag beats env', async () => {
    base();
    expect((await run(['--once', '-p', 's3cret'], { SESSTOP_PASSWORD: 'wrong' })).code).toBe(0);
    expect((await run(['--once', '-p', 'wrong'], { SESSTOP_PASSWORD: 's3cret' })).code).toBe(3);
  });
  it('an empty SESSTOP_PASSWORD counts as unset', async () => {
    writeConfig(`[maxctrl]\nhosts = ${hostOf(sim)}\nuser = ops\npassword = s3cret\n`);
    expect((await run(['--once'], { SESSTOP_PASSWORD: '' })).code).toBe(0);
  });
  it("-p '' with no terminal: one line, exit 1", async () => {
    const r = await run(['-h', hostOf(sim), '-u', 'ops', '-p', '', '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("sesstop: -p '' asks for the password, but there is no terminal to ask on — set SESSTOP_PASSWORD or give -p PASSWORD\n");
  });
  it("password = (empty) in the config asks too, like maxctrl", async () => {
    writeConfig(`[maxctrl]\nhosts = ${hostOf(sim)}\nuser = ops\npassword =\n`);
    // …and says so, not "-p ''", which was never given.
    expect((await run(['--once'])).stderr).toMatch(/^sesstop: an empty 'password' in .* \[maxctrl\] asks for the password, but there is no terminal to ask on/);
  });
});
