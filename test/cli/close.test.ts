// `sesstop close` as a real process: exactly the named session goes, results are reported,
// every attempt is audited, and ambiguity is refused rather than guessed.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { ensureBuilt, runSesstop, tempHome } from './helpers/run.js';
import { closedPort, FIXED_SESSIONS, hostOf, startFixedSim } from './helpers/sim.js';

let home: ReturnType<typeof tempHome>;
let sims: Simulator[] = [];

beforeAll(() => {
  ensureBuilt();
});
beforeEach(() => {
  home?.cleanup();
  home = tempHome();
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
  home.cleanup();
});

async function freshSim(): Promise<Simulator> {
  const sim = await startFixedSim(FIXED_SESSIONS);
  sims.push(sim);
  return sim;
}

const idOf = (sim: Simulator, user: string, address?: string): number => {
  const s = sim.model.sessions().find((x) => x.user === user && (address === undefined || x.address === address));
  if (!s) throw new Error(`no ${user}`);
  return s.id;
};
const ids = (sim: Simulator): number[] => sim.model.sessions().map((s) => s.id).sort((a, b) => a - b);
const auditFile = () => join(home.state, 'sesstop', 'audit.log');
const auditLines = (file = auditFile()) => readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
const run = (args: string[], env?: Record<string, string | undefined>) => runSesstop(args, home.home, { env });

describe('close with --yes', () => {
  it.skipIf(!existsSync('/dev/full'))('writes the audit line before the report: a full disk on stdout loses neither, and says so in one line', async () => {
    const sim = await freshSim();
    const bob = idOf(sim, 'bob');
    const full = openSync('/dev/full', 'w');
    try {
      const r = await runSesstop(['close', String(bob), '-h', hostOf(sim), '--yes'], home.home, { stdoutFd: full });
      expect(r.stderr).toBe('sesstop: could not write to standard output (ENOSPC: no space left on device, write); check the disk or the file it goes to\n');
      expect(r.code).toBe(74);
    } finally {
      closeSync(full);
    }
    expect(sim.model.get(bob)).toBeUndefined();
    expect(auditLines()).toMatchObject([{ result: 'closed', session: { id: bob, user: 'bob' } }]);
  });

  it('closes exactly that session, reports it and appends an audit line (0600 file, 0700 dir)', async () => {
    const sim = await freshSim();
    const bob = idOf(sim, 'bob');
    const before = ids(sim);
    const r = await run(['close', String(bob), '-h', hostOf(sim), '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^closed session ${bob} on ${hostOf(sim)} \\(bob@192\\.0\\.2\\.4, service RW-Split-Router, idle 5h02m, connected .*Z\\)\\n$`));
    expect(sim.model.get(bob)).toBeUndefined();
    expect(ids(sim)).toEqual(before.filter((i) => i !== bob));

    const [line] = auditLines();
    expect(line).toMatchObject({
      target: hostOf(sim),
      result: 'closed',
      via: 'close-command',
      session: { id: bob, user: 'bob', address: '192.0.2.4', service: 'RW-Split-Router' },
    });
    expect(typeof line.osUser).toBe('string');
    expect(line.osUser.length).toBeGreaterThan(0);
    expect(Date.parse(line.time)).not.toBeNaN();
    expect(line.session.idle).toBeCloseTo(18120, 0);
    expect(Date.parse(line.session.connected)).not.toBeNaN();
    expect(line.message).toContain(`closed session ${bob}`);
    expect(statSync(auditFile()).mode & 0o777).toBe(0o600);
    expect(statSync(join(home.state, 'sesstop')).mode & 0o777).toBe(0o700);
  });

  it('several ids: closes the existing ones, reports the missing one, exit 5', async () => {
    const sim = await freshSim();
    const alice = idOf(sim, 'alice');
    const carol = idOf(sim, 'carol');
    const r = await run(['close', String(alice), '999', String(carol), '-h', hostOf(sim), '-y']);
    expect(r.code).toBe(5);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(r.stderr).toBe(`sesstop: no session 999 on ${hostOf(sim)}\n`);
    expect(sim.model.get(alice)).toBeUndefined();
    expect(sim.model.get(carol)).toBeUndefined();
    expect(ids(sim)).toHaveLength(FIXED_SESSIONS.length - 2);
    expect(auditLines().map((l) => l.session.id)).toEqual([alice, carol]);
  });

  it('--ttl schedules the close (the session stays until then)', async () => {
    const sim = await freshSim();
    const app = idOf(sim, 'app', '203.0.113.5');
    const r = await run(['close', String(app), '-h', hostOf(sim), '--yes', '--ttl', '30']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`session ${app} on ${hostOf(sim)} will be closed in 30 s`);
    expect(sim.model.get(app)?.closeAt).not.toBeNull();
    expect(auditLines()[0]).toMatchObject({ result: 'scheduled', ttl: 30 });
    sim.clock.advance(31);
    expect(sim.model.get(app)).toBeUndefined();
  });

  it('--audit-log FILE and --no-audit', async () => {
    const sim = await freshSim();
    const file = join(home.home, 'my', 'audit.jsonl');
    const r = await run(['close', String(idOf(sim, 'alice')), '-h', hostOf(sim), '--yes', '--audit-log', file]);
    expect(r.code).toBe(0);
    expect(auditLines(file)).toHaveLength(1);
    expect(existsSync(auditFile())).toBe(false);
    const r2 = await run(['close', String(idOf(sim, 'carol')), '-h', hostOf(sim), '--yes', '--no-audit']);
    expect(r2.code).toBe(0);
    expect(existsSync(auditFile())).toBe(false);
    expect(auditLines(file)).toHaveLength(1);
  });

  it('an audit log that cannot be written: nothing is closed, exit 1', async () => {
    const sim = await freshSim();
    // XDG_STATE_HOME is a regular file: the log directory cannot be created.
    const blocker = join(home.home, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const alice = idOf(sim, 'alice');
    const r = await run(['close', String(alice), '-h', hostOf(sim), '--yes'], { XDG_STATE_HOME: blocker });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^sesstop: could not write the audit log .*not-a-dir\/sesstop\/audit\.log: ENOTDIR \(not a directory\); nothing was closed — fix the path, or give --audit-log FILE or --no-audit\n$/,
    );
    expect(sim.model.get(alice)).toBeDefined();
  });

  it('an audit log that would block (a FIFO nobody reads) or cannot be made (under /proc) is refused at once, nothing closed', async () => {
    const { execFileSync } = await import('node:child_process');
    const sim = await freshSim();
    const alice = idOf(sim, 'alice');
    const fifo = join(home.home, 'audit.fifo');
    execFileSync('mkfifo', [fifo]);
    // Opening a FIFO for writing blocks until a reader comes: with a 60 s test it would time out.
    const r = await run(['close', String(alice), '-h', hostOf(sim), '--yes', '--audit-log', fifo]);
    expect([r.code, r.stderr]).toEqual([1, `sesstop: could not write the audit log ${fifo}: ENXIO (no such device or address); nothing was closed — fix the path, or give --audit-log FILE or --no-audit\n`]);
    // Node's recursive mkdir never returns under /proc.
    const proc = await run(['close', String(alice), '-h', hostOf(sim), '--yes', '--audit-log', '/proc/nope/audit.log']);
    expect(proc.code).toBe(1);
    expect(sim.model.get(alice)).toBeDefined();
  });

  it('an empty --audit-log, or one given with --no-audit, is a usage error before anything is asked', async () => {
    const sim = await freshSim();
    const alice = idOf(sim, 'alice');
    const empty = await run(['close', String(alice), '-h', hostOf(sim), '--yes', '--audit-log', '']);
    expect([empty.code, empty.stderr]).toEqual([1, 'sesstop: --audit-log is empty — give a file, or --no-audit to turn auditing off\n']);
    const both = await run(['close', String(alice), '-h', hostOf(sim), '--yes', '--no-audit', '--audit-log', join(home.home, 'a.log')]);
    expect([both.code, both.stderr]).toEqual([1, 'sesstop: --audit-log and --no-audit contradict each other — give one of them\n']);
    expect(sim.model.get(alice)).toBeDefined();
  });

  it('the same session named twice in different spellings is closed once', async () => {
    const sim = await freshSim();
    const alice = idOf(sim, 'alice');
    const r = await run(['close', String(alice), `${hostOf(sim)}:${alice}`, `http://${hostOf(sim)}#${alice}`, '-h', hostOf(sim), '--yes']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(auditLines()).toHaveLength(1);
  });

  it('ids after -- (the end of options) count, before it too', async () => {
    const sim = await freshSim();
    const [alice, bob] = [idOf(sim, 'alice'), idOf(sim, 'bob')];
    const r = await run(['close', String(alice), '-h', hostOf(sim), '--yes', '--', String(bob)]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect([sim.model.get(alice), sim.model.get(bob)]).toEqual([undefined, undefined]);
    // Words after -- are ids as typed: never read as numbers (0x16 is not session 22).
    const before = ids(sim);
    for (const word of ['0x16', '1e1', '22.0', '0o7']) {
      const r2 = await run(['close', '-h', hostOf(sim), '--yes', '--', word]);
      expect([r2.code, r2.stderr], word).toEqual([1, expect.stringContaining(`"${word}"`)]);
    }
    expect(ids(sim)).toEqual(before);
    const none = await run(['close', '-h', hostOf(sim), '--yes', '--']);
    expect([none.code, none.stderr]).toEqual([1, 'sesstop: close needs at least one session id — e.g. sesstop close 17, or HOST:PORT:17 with several hosts\n']);
  });

  it('an id that does not exist: reported, nothing closed, exit 5', async () => {
    const sim = await freshSim();
    const r = await run(['close', '4242', '-h', hostOf(sim), '--yes']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('no session 4242');
    expect(ids(sim)).toHaveLength(FIXED_SESSIONS.length);
  });

  it('a MaxScale that closes sessions (24.08) answering 404 to the DELETE: already closed, exit 0, audited as already-gone', async () => {
    const sim = await freshSim();
    const bob = idOf(sim, 'bob');
    sim.faults.rawReply = { status: 404, body: '', method: 'DELETE', pathPrefix: '/v1/sessions/' };
    const r = await run(['close', String(bob), '-h', hostOf(sim), '--yes']);
    expect(r.stderr).not.toContain('22.08');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`session ${bob} on ${hostOf(sim)} was already closed\n`);
    expect(r.code).toBe(0);
    expect(auditLines()).toMatchObject([{ result: 'already-gone', session: { id: bob } }]);
  });

  it('wrong password: exit 3, nothing closed', async () => {
    const sim = await freshSim();
    const r = await run(['close', String(idOf(sim, 'bob')), '-h', hostOf(sim), '--yes', '-p', 'bad']);
    expect(r.code).toBe(3);
    expect(ids(sim)).toHaveLength(FIXED_SESSIONS.length);
  });

  it('a read-only account gets 403: reported, exit 3, audited as error', async () => {
    const sim = await startFixedSim(FIXED_SESSIONS, { readOnlyUser: { user: 'viewer', password: 'view' } });
    sims.push(sim);
    const bob = idOf(sim, 'bob');
    const r = await run(['close', String(bob), '-h', hostOf(sim), '--yes', '-u', 'viewer', '-p', 'view']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^sesstop: not closed: .*/);
    expect(sim.model.get(bob)).toBeDefined();
    expect(auditLines()[0]).toMatchObject({ result: 'error', session: { id: bob } });
  });
});

describe('close refuses', () => {
  it('without a terminal and without --yes: one line, exit 1, nothing closed', async () => {
    const sim = await freshSim();
    const r = await run(['close', String(idOf(sim, 'bob')), '-h', hostOf(sim)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('sesstop: close asks for confirmation, but there is no terminal — add --yes to close without asking\n');
    expect(ids(sim)).toHaveLength(FIXED_SESSIONS.length);
  });

  it('with --read-only (flag or config)', async () => {
    const sim = await freshSim();
    const r = await run(['close', String(idOf(sim, 'bob')), '-h', hostOf(sim), '--yes', '--read-only']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/closing is disabled by --read-only/);
    const cnf = join(home.home, '.maxctrl.cnf');
    writeFileSync(cnf, '[sesstop]\nread-only = true\n', { mode: 0o600 });
    const r2 = await run(['close', String(idOf(sim, 'bob')), '-h', hostOf(sim), '--yes']);
    expect(r2.code).toBe(1);
    expect(ids(sim)).toHaveLength(FIXED_SESSIONS.length);
  });

  it('--read-only=yes, =1, =ON are read-only, and a value that is neither on nor off is a usage error (yargs read them as off)', async () => {
    const sim = await freshSim();
    for (const flag of ['--read-only=yes', '--read-only=1', '--read-only=ON', '--no-read-only=no', '--readOnly=true']) {
      const r = await run(['close', String(idOf(sim, 'bob')), '-h', hostOf(sim), '--yes', '--no-audit', flag]);
      expect([r.code, r.stderr], flag).toEqual([1, expect.stringMatching(/closing is disabled by --read-only/)]);
    }
    const bad = await run(['close', String(idOf(sim, 'bob')), '-h', hostOf(sim), '--yes', '--no-audit', '--read-only=maybe']);
    expect([bad.code, bad.stderr]).toEqual([1, "sesstop: --read-only='maybe' is neither on nor off — write --read-only alone, or --read-only=true / --read-only=false\n"]);
    // --audit=yes keeps the audit log on: with --audit-log it is no contradiction, and the close is audited.
    const log = join(home.home, 'audit-yes.log');
    const audited = await run(['close', String(idOf(sim, 'bob')), '-h', hostOf(sim), '--yes', '--audit=yes', '--audit-log', log]);
    expect(audited.code).toBe(0);
    expect(readFileSync(log, 'utf8')).toMatch(/"result":"closed"/);
    expect(ids(sim)).toHaveLength(FIXED_SESSIONS.length - 1);
  });

  it('a --ttl beyond nine digits of seconds is a usage error before anything is contacted (MaxScale answered 400, exit 5)', async () => {
    const r = await run(['close', '5', '-h', '127.0.0.1:1', '--yes', '--no-audit', '--ttl', '9007199254740991']);
    expect([r.code, r.stderr]).toEqual([1, "sesstop: --ttl: '9007199254740991' is not a whole number from 0 to 999999999 — e.g. --ttl 1\n"]);
  });

  it('bad ids are usage errors before anything is contacted', async () => {
    for (const bad of ['0', 'abc', '-3', '1.5', 'host:', 'bad host:3']) {
      const r = await run(['close', bad, '-h', '127.0.0.1:1', '--yes']);
      expect(r.code, bad).toBe(1);
      expect(r.stderr, bad).toMatch(/^sesstop: .* — /);
    }
    const none = await run(['close', '--yes']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('close needs at least one session id');
  });
});

describe('close in a cluster', () => {
  it('an id on two hosts is ambiguous: nothing closed; HOST:PORT:ID and HOST#ID pick one', async () => {
    const a = await freshSim();
    const b = await freshSim();
    const id = idOf(a, 'bob');
    expect(b.model.get(id)).toBeDefined();
    const hosts = `${hostOf(a)},${hostOf(b)}`;
    const amb = await run(['close', String(id), '-h', hosts, '--yes']);
    expect(amb.code).toBe(5);
    expect(amb.stderr).toContain(`session ${id} exists on ${hostOf(a)} and ${hostOf(b)}: name the host, e.g. ${hostOf(a)}:${id}`);
    expect(ids(a)).toHaveLength(FIXED_SESSIONS.length);
    expect(ids(b)).toHaveLength(FIXED_SESSIONS.length);

    const one = await run(['close', `${hostOf(b)}:${id}`, '-h', hosts, '--yes']);
    expect(one.code).toBe(0);
    expect(b.model.get(id)).toBeUndefined();
    expect(a.model.get(id)).toBeDefined();
    expect(auditLines()[0].target).toBe(hostOf(b));

    const other = idOf(a, 'alice');
    const hash = await run(['close', `${hostOf(a)}#${other}`, '-h', hosts, '--yes']);
    expect(hash.code).toBe(0);
    expect(a.model.get(other)).toBeUndefined();
    expect(b.model.get(other)).toBeDefined();
  });

  it('--host (singular, as in the issue) is --hosts', async () => {
    const a = await freshSim();
    const id = idOf(a, 'alice');
    const r = await run(['close', String(id), '--host', hostOf(a), '--yes']);
    expect(r.code).toBe(0);
    expect(a.model.get(id)).toBeUndefined();
  });

  it('a host named only in the reference is used directly (127.0.0.1:PORT:ID without -h)', async () => {
    const a = await freshSim();
    const id = idOf(a, 'carol');
    const r = await run(['close', `127.0.0.1:${a.port}:${id}`, '--yes']);
    expect(r.code).toBe(0);
    expect(a.model.get(id)).toBeUndefined();
  });

  it('one host down: a bare id is refused (it could be there), HOST:ID closes', async () => {
    const a = await freshSim();
    const down = `127.0.0.1:${await closedPort()}`;
    const id = idOf(a, 'bob');
    const hosts = `${hostOf(a)},${down}`;
    const r = await run(['close', String(id), '-h', hosts, '--yes']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`session ${id} is on ${hostOf(a)}, but other hosts could not be checked`);
    expect(r.stderr).toContain(`name it: ${hostOf(a)}:${id}`);
    expect(a.model.get(id)).toBeDefined();
    const r2 = await run(['close', `${hostOf(a)}:${id}`, '-h', hosts, '--yes']);
    expect(r2.code).toBe(0);
    expect(a.model.get(id)).toBeUndefined();
  });

  it('the only host down: exit 2', async () => {
    const down = `127.0.0.1:${await closedPort()}`;
    const r = await run(['close', '3', '-h', down, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not look up 3: .*refused/);
  });
});

describe('audit directory created with safe modes even when nested', () => {
  it('creates missing parents', async () => {
    const sim = await freshSim();
    mkdirSync(home.home, { recursive: true });
    const r = await run(['close', String(idOf(sim, 'alice')), '-h', hostOf(sim), '--yes'], {
      XDG_STATE_HOME: join(home.home, 'deep', 'er'),
    });
    expect(r.code).toBe(0);
    expect(statSync(join(home.home, 'deep', 'er', 'sesstop')).mode & 0o777).toBe(0o700);
  });
});
