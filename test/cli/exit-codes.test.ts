// Exit statuses and the Nagios check, with single hosts, clusters and a host down (closed port).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { ensureBuilt, runSesstop, tempHome } from './helpers/run.js';
import { closedPort, FIXED_SESSIONS, hostOf, startFixedSim } from './helpers/sim.js';

let simA: Simulator;
let simB: Simulator;
let down: string;
let home: ReturnType<typeof tempHome>;

beforeAll(async () => {
  ensureBuilt();
  home = tempHome();
  simA = await startFixedSim(FIXED_SESSIONS);
  simB = await startFixedSim([{ user: 'zed', address: '192.0.2.200', idleSeconds: 100 }]);
  down = `127.0.0.1:${await closedPort()}`;
});
afterAll(async () => {
  await simA.close();
  await simB.close();
  home.cleanup();
});

const run = (args: string[], env?: Record<string, string | undefined>) => runSesstop(args, home.home, { env });

describe('exit statuses', () => {
  it('2 when the only host is unreachable, with one line naming it', async () => {
    const r = await run(['-h', down, '--once']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(down);
    expect(r.stderr).toMatch(/connection refused/);
  });

  it('3 on a wrong password', async () => {
    const r = await run(['-h', hostOf(simA), '-p', 'guess-s3cr3t', '--once']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^sesstop: .*/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('guess-s3cr3t');
    // A password that is a word of the message leaves the message whole (it used to be masked, showing where it was).
    const worded = await run(['-h', hostOf(simA), '-p', 'wrong', '--once']);
    expect(worded.stderr).toBe(`sesstop: ${hostOf(simA)} refused the login: wrong user or password\n`);
  });

  it('2 with a timeout (-t) when the host answers too slowly', async () => {
    simB.faults.latencyMs = 3000;
    try {
      const r = await run(['-h', hostOf(simB), '-t', '300ms', '--once']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/time|answer/i);
    } finally {
      simB.faults.latencyMs = 0;
    }
  });

  it('1 on usage errors, one line, no stack trace, no usage dump', async () => {
    for (const args of [['--bogus'], ['-x'], ['stray'], ['-t', 'soon'], ['-d', '25d'], ['-t', '25d'], ['-t', '600h'], ['--format', 'xml'], ['--sort', 'size'], ['--api', 'v2'], ['-h', 'a b'], ['-p']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout, args.join(' ')).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0], args.join(' ')).toMatch(/^sesstop: .+ — .+/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('usage error messages name the problem', async () => {
    expect((await run(['--bogus'])).stderr).toContain('unknown option --bogus — see sesstop --help');
    // Capitals only in an option's camelCase spelling: yargs took --READ-ONLY and set nothing.
    expect(await run(['close', '5', '--READ-ONLY', '--yes', '-h', '127.0.0.1:1'])).toMatchObject({
      code: 1,
      stderr: 'sesstop: unknown option --READ-ONLY — options are lower case, e.g. --read-only\n',
    });
    const help = await run(['--help=yes', '--once', '-h', '127.0.0.1:1']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('sesstop [options]')]);
    // A subcommand's mistakes point to its own help.
    expect((await run(['close', '15', '--once'])).stderr).toBe('sesstop: unknown option --once — see sesstop close --help\n');
    expect((await run(['sim', '--bogus'])).stderr).toBe('sesstop: unknown option --bogus — see sesstop sim --help\n');
    expect((await run(['stray'])).stderr).toContain("unexpected argument 'stray'");
    expect((await run(['-p'])).stderr).toContain("option -p needs a value — give a password, or -p '' to be asked for it");
    expect((await run(['--sort', 'size'])).stderr).toContain("--sort: 'size' is not a column — use one of id, host");
    // Node timers overflow past 24.8 days and then fire at once: a poll loop flat out.
    expect((await run(['-d', '30d', '--once'])).stderr).toBe("sesstop: --interval: '30d' is too large — use at most 3600 seconds (1h)\n");
    expect((await run(['-t', '600h', '--once'])).stderr).toBe("sesstop: --timeout: '600h' is too large — use at most 1h\n");
    expect((await run(['--filter', 'colour:red', '--once'])).stderr).toContain("unknown field 'colour'");
    expect((await run(['--warn-idle', '600', '--crit-idle', '60'])).stderr).toContain('above the critical one');
    expect((await run(['--seed', '3'])).stderr).toContain('--seed only applies with --simulate');
    expect((await run(['--simulate', '-h', 'x:1'])).stderr).toContain('cannot be combined with --hosts');
    expect((await run(['--tls-key', '/k.pem'])).stderr).toContain('--tls-key and --tls-cert go together');
    expect((await run(['-h', 'a:99999'])).stderr).toContain('port "99999" is not 1-65535');
    expect((await run(['--iterations', '-1'])).code).toBe(1);
    expect((await run(['--interval', '0'])).stderr).toContain('--interval');
  });
});

describe('clusters', () => {
  it('merged view with a HOST column; one host down: others printed, health on stderr, exit 4', async () => {
    const r = await run(['-h', `${hostOf(simA)},${down}`, '-h', hostOf(simB), '--once'], { COLUMNS: '160' });
    expect(r.code).toBe(4);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/ID HOST\s+USER/);
    expect(lines).toHaveLength(1 + FIXED_SESSIONS.length + 1);
    expect(r.stdout).toContain('zed');
    expect(r.stdout).toContain('alice');
    expect(r.stdout).toContain(hostOf(simB));
    const err = r.stderr.trimEnd().split('\n');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(new RegExp(`^sesstop: hosts: ${hostOf(simA)} ok \\(5 sessions, \\d+ ms\\); ${down} DOWN: .*refused.*; ${hostOf(simB)} ok \\(1 session,`));
  });

  it('json of a cluster: sessions keyed by their host, health of each host', async () => {
    const r = await run(['-h', `${hostOf(simA)},${hostOf(simB)},${down}`, '--format', 'json']);
    expect(r.code).toBe(4);
    const doc = JSON.parse(r.stdout);
    expect(doc.hosts.map((h: any) => [h.target, h.status])).toEqual([
      [hostOf(simA), 'ok'],
      [hostOf(simB), 'ok'],
      [down, 'down'],
    ]);
    const zed = doc.sessions.find((s: any) => s.user === 'zed');
    expect(zed.target).toBe(hostOf(simB));
    expect(zed.key).toBe(`${hostOf(simB)}#${zed.id}`);
    expect(doc.sessions).toHaveLength(FIXED_SESSIONS.length + 1);
  });

  it('every host down: exit 2, nothing on stdout', async () => {
    const other = `127.0.0.1:${await closedPort()}`;
    const r = await run(['-h', `${down},${other}`, '--format', 'ndjson']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${down} DOWN`);
    expect(r.stderr).toContain(`${other} DOWN`);
  });

  it('every host refusing the password: exit 3', async () => {
    const r = await run(['-h', `${hostOf(simA)},${hostOf(simB)}`, '-p', 'nope', '--once']);
    expect(r.code).toBe(3);
  });
});

describe('Nagios check', () => {
  const check = (args: string[]) => run(['-h', hostOf(simA), '--once', ...args]);

  it('CRITICAL (2) with the summary of the example', async () => {
    const r = await check(['--warn-idle', '300', '--crit-idle', '3600']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(
      /^SESSTOP CRITICAL - 2 sessions idle > 3600s \(longest 5h02m: id \d+ bob@192\.0\.2\.4\) \| sessions=5;;;0 idle_max=1812\ds;300;3600;0 idle_over_warn=3;;;0 idle_over_crit=2;;;0 hosts_down=0;;;0\n$/,
    );
  });

  it('WARNING (1)', async () => {
    const r = await check(['--warn-idle', '5m', '--crit-idle', '6h']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^SESSTOP WARNING - 3 sessions idle > 300s \(longest 5h02m: id \d+ bob@192\.0\.2\.4\) \|/);
  });

  it('OK (0)', async () => {
    const r = await check(['--warn-idle', '6h', '--crit-idle', '1d']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^SESSTOP OK - 5 sessions, none idle > 21600s \(longest 5h02m/);
  });

  it('filters apply to the check', async () => {
    const r = await check(['--warn-idle', '300', '--crit-idle', '3600', '--filter', '!user:bob !user:app']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^SESSTOP WARNING - 1 session idle > 300s \(longest 6m40s: id \d+ carol@198\.51\.100\.7\)/);
  });

  it('UNKNOWN (3) when the host is down', async () => {
    const r = await run(['-h', down, '--once', '--crit-idle', '3600']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^SESSTOP UNKNOWN - no host answered: 127\.0\.0\.1:\d+ down: .*refused/);
  });

  it('UNKNOWN (3) when one host of a cluster is down and the rest is only WARNING', async () => {
    const r = await run(['-h', `${hostOf(simB)},${down}`, '--once', '--warn-idle', '60', '--crit-idle', '3600']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^SESSTOP UNKNOWN - 1 session idle > 60s \(longest 1m40s: id \d+ zed@192\.0\.2\.200 on 127\.0\.0\.1:\d+\); 127\.0\.0\.1:\d+ down: /);
    expect(r.stdout).toContain('hosts_down=1;;;0');
  });

  it('CRITICAL stays CRITICAL with a host down', async () => {
    const r = await run(['-h', `${hostOf(simA)},${down}`, '--once', '--crit-idle', '3600']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^SESSTOP CRITICAL - 2 sessions idle > 3600s .*; 127\.0\.0\.1:\d+ down: /);
  });

  it('thresholds alone on a non-terminal stdout are a check; --format with them is refused', async () => {
    // --warn-idle keeps its default (300) when only --crit-idle is given.
    const r = await run(['-h', hostOf(simA), '--crit-idle', '10h']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^SESSTOP WARNING - 3 sessions idle > 300s /);
    const bad = await run(['-h', hostOf(simA), '--crit-idle', '10h', '--format', 'json']);
    expect(bad.code).toBe(1);
  });
});
