// Options of the built command: help, version, completion, TLS/HTTPS flags (maxctrl semantics),
// --api, --simulate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { ensureBuilt, ROOT, runSesstop, tempHome } from './helpers/run.js';
import { FIXED_SESSIONS, hostOf, startFixedSim } from './helpers/sim.js';
import { httpsFront, makeSelfSigned, type Pem } from './helpers/tls.js';

let sim: Simulator;
let home: ReturnType<typeof tempHome>;

beforeAll(async () => {
  ensureBuilt();
  home = tempHome();
  sim = await startFixedSim(FIXED_SESSIONS);
});
afterAll(async () => {
  await sim.close();
  home.cleanup();
});

const run = (args: string[], env?: Record<string, string | undefined>) => runSesstop(args, home.home, { env });

describe('help, version, completion', () => {
  it('--help (long form only) shows options, examples and the exit statuses', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const text of ['-h, --hosts', '-u, --user', '-p, --password', '-t, --timeout', '-s, --secure', '--tls-key', '--tls-cert',
      '--tls-ca-cert', '-n, --tls-verify-server-cert', '-c, --config', '-d, --interval', '--sort', '--reverse', '--filter',
      '--min-idle', '--read-only', '--api', '--simulate', '--sim-sessions', '--seed', '--color', '--once', '-b, --batch',
      '--iterations', '--format', '--warn-idle', '--crit-idle', '--audit-log', '--audit', 'Examples:', 'sesstop close 17 42',
      'Exit status:', 'SESSTOP_PASSWORD', 'sesstop sim']) {
      expect(r.stdout, text).toContain(text);
    }
  });

  it('-h is --hosts, not help', async () => {
    const r = await run(['-h']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('option -h needs a value');
  });

  it('close --help and sim --help', async () => {
    const c = await run(['close', '--help']);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('--ttl');
    expect(c.stdout).toContain('--yes');
    expect(c.stdout).not.toContain('--sort');
    const s = await run(['sim', '--help']);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('--sessions');
  });

  it('options of the top view are unknown to close', async () => {
    const r = await run(['close', '3', '--sort', 'id', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown option --sort');
  });

  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(r.stdout).toBe(`${pkg.version}\n`);
    expect(r.code).toBe(0);
  });

  it('completion: a bash script, and completions for partial words', async () => {
    const script = await run(['completion']);
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('_sesstop_yargs_completions');
    const words = await run(['--get-yargs-completions', 'sesstop', '--ho']);
    expect(words.stdout.split('\n')).toContain('--hosts');
    const cmds = await run(['--get-yargs-completions', 'sesstop', 'cl']);
    expect(cmds.stdout.split('\n')).toContain('close');
  });

  it('completion with an extra word: a usage error and no script', async () => {
    const r = await run(['completion', 'bogus']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe("sesstop: completion takes no arguments (got 'bogus') — run sesstop completion >> ~/.bashrc");
    const help = await run(['completion', '--help']);
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toContain('sesstop completion >> ~/.bashrc');
    expect(help.stdout).not.toContain('_sesstop_yargs_completions');
  });
});

describe('--api and --simulate', () => {
  it('--api seed and --api v1 choose the dialect', async () => {
    for (const api of ['seed', 'v1']) {
      const r = await run(['-h', hostOf(sim), '--api', api, '--format', 'json']);
      expect(r.code, api).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.hosts[0].dialect).toBe(api);
      expect(doc.sessions).toHaveLength(FIXED_SESSIONS.length);
    }
  });

  it('--api v1 against a seed-only server fails with a one-line error', async () => {
    const seedOnly = await startFixedSim(FIXED_SESSIONS, { dialects: ['seed'] });
    try {
      const r = await run(['-h', hostOf(seedOnly), '--api', 'v1', '--once']);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      const auto = await run(['-h', hostOf(seedOnly), '--format', 'json']);
      expect(JSON.parse(auto.stdout).hosts[0].dialect).toBe('seed');
    } finally {
      await seedOnly.close();
    }
  });

  it('--simulate --sim-sessions --seed: an in-process simulator, reproducible by seed', async () => {
    const a = await run(['--simulate', '--sim-sessions', '12', '--seed', '7', '--format', 'json']);
    const b = await run(['--simulate', '--sim-sessions', '12', '--seed', '7', '--format', 'json']);
    const c = await run(['--simulate', '--sim-sessions', '12', '--seed', '8', '--format', 'json']);
    expect(a.code).toBe(0);
    const pick = (out: string) =>
      (JSON.parse(out).sessions as any[]).map((s) => `${s.id} ${s.user} ${s.address}`).sort();
    const docA = JSON.parse(a.stdout);
    expect(docA.hosts[0].target).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(docA.sessions.length).toBeGreaterThanOrEqual(10);
    expect(pick(a.stdout)).toEqual(pick(b.stdout));
    expect(pick(a.stdout)).not.toEqual(pick(c.stdout));
  });

  it('-pSECRET is the password SECRET, as mysql takes it, and a wrong one is never spelled out', async () => {
    const ok = await run(['-h', hostOf(sim), '-u', 'admin', '-pmariadb', '--once', '--format', 'tsv']);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    const wrong = await run(['-h', hostOf(sim), '-u', 'admin', '-pzq9x', '--once']);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).not.toMatch(/zq9x|'z'|'q'/);
  });

  it('--simulate uses the credentials sesstop would send (e.g. from the config file)', async () => {
    const r = await run(['--simulate', '-u', 'someone', '-p', 'else', '--once']);
    expect(r.code).toBe(0);
  });
});

describe('HTTPS and TLS options (maxctrl semantics)', () => {
  let server: Pem;
  let client: Pem;
  let front: { port: number; close(): Promise<void> };
  let mtls: { port: number; close(): Promise<void> };

  beforeAll(async () => {
    server = makeSelfSigned(home.home, 'server');
    client = makeSelfSigned(home.home, 'client');
    front = await httpsFront(server, sim.port);
    mtls = await httpsFront(server, sim.port, client.cert);
  });
  afterAll(async () => {
    await front.close();
    await mtls.close();
  });

  it('a self-signed server certificate is refused by default (exit 2, says why)', async () => {
    const r = await run(['-h', `https://127.0.0.1:${front.port}`, '--once']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/self-signed|certificate/);
  });

  it('-s makes HOST:PORT use https', async () => {
    const plain = await run(['-h', `127.0.0.1:${front.port}`, '--once', '-t', '3s']);
    expect(plain.code).toBe(2);
    const secure = await run(['-s', '-h', `127.0.0.1:${front.port}`, '--tls-ca-cert', server.certPath, '--once']);
    expect(secure.stderr).toBe('');
    expect(secure.code).toBe(0);
  });

  it('--tls-ca-cert trusts the certificate', async () => {
    const r = await run(['-h', `https://127.0.0.1:${front.port}`, '--tls-ca-cert', server.certPath, '--format', 'ndjson']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(FIXED_SESSIONS.length);
  });

  it('--tls-verify-server-cert=yes/1/on keeps verification on (yargs read them as off)', async () => {
    for (const flag of ['--tls-verify-server-cert=yes', '--tls-verify-server-cert=1', '--tls-verify-server-cert=on', '--no-tls-verify-server-cert=false', '-n=yes']) {
      const r = await run(['-h', `https://127.0.0.1:${front.port}`, flag, '--once']);
      expect([r.code, r.stderr], flag).toEqual([2, expect.stringMatching(/self-signed|certificate/)]);
    }
    const bad = await run(['-h', `https://127.0.0.1:${front.port}`, '-n', '--tls-verify-server-cert=sure', '--once']);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/^sesstop: --tls-verify-server-cert='sure' is neither on nor off — /)]);
  });

  it('-n false and --no-tls-verify-server-cert turn verification off', async () => {
    for (const flags of [['-n', 'false'], ['--no-tls-verify-server-cert'], ['--tls-verify-server-cert=false']]) {
      const r = await run(['-h', `https://127.0.0.1:${front.port}`, ...flags, '--once']);
      expect(r.code, flags.join(' ')).toBe(0);
    }
  });

  it('tls-verify-server-cert = false in [maxctrl]', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(home.home, 'tls.cnf');
    writeFileSync(file, `[maxctrl]\nhosts = https://127.0.0.1:${front.port}\ntls-verify-server-cert = false\n`, { mode: 0o600 });
    expect((await run(['-c', file, '--once'])).code).toBe(0);
  });

  it('--tls-key/--tls-cert present a client certificate', async () => {
    const base = ['-h', `https://127.0.0.1:${mtls.port}`, '--tls-ca-cert', server.certPath, '--once'];
    const without = await run(base);
    expect(without.code).toBe(2);
    const withCert = await run([...base, '--tls-key', client.keyPath, '--tls-cert', client.certPath]);
    expect(withCert.stderr).toBe('');
    expect(withCert.code).toBe(0);
  });

  describe('--tls-passphrase: a client key encrypted with a passphrase', () => {
    const PASSPHRASE = 'correct horse';
    let encrypted: Pem;
    let encryptedFront: { port: number; close(): Promise<void> };
    let base: string[];
    beforeAll(async () => {
      encrypted = makeSelfSigned(home.home, 'encrypted-client', PASSPHRASE);
      encryptedFront = await httpsFront(server, sim.port, encrypted.cert);
      base = ['-h', `https://127.0.0.1:${encryptedFront.port}`, '--tls-ca-cert', server.certPath, '--tls-key', encrypted.keyPath, '--tls-cert', encrypted.certPath, '--once'];
    });
    afterAll(async () => {
      await encryptedFront.close();
    });

    it('is decrypted with the passphrase, from the command line or [maxctrl]', async () => {
      expect(encrypted.key.toString()).toContain('ENCRYPTED');
      const r = await run([...base, '--tls-passphrase', PASSPHRASE]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const { writeFileSync } = await import('node:fs');
      const file = join(home.home, 'passphrase.cnf');
      writeFileSync(file, `[maxctrl]\ntls-passphrase = ${PASSPHRASE}\n`, { mode: 0o600 });
      expect((await run([...base, '-c', file])).code).toBe(0);
    });

    it('without it, or with a wrong one, is a one-line usage error before any request', async () => {
      const missing = await run(base);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe(`sesstop: --tls-key: ${encrypted.keyPath} is encrypted — give its passphrase with --tls-passphrase\n`);
      const wrong = await run([...base, '--tls-passphrase', 'wrong']);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toBe(`sesstop: --tls-passphrase does not decrypt ${encrypted.keyPath} — check the passphrase\n`);
    });

    it('a key file that holds no key, and a passphrase without a key, are usage errors', async () => {
      const notKey = await run(['-h', `https://127.0.0.1:${encryptedFront.port}`, '--tls-key', encrypted.certPath, '--tls-cert', encrypted.certPath, '--once']);
      expect(notKey.code).toBe(1);
      expect(notKey.stderr).toBe(`sesstop: --tls-key: ${encrypted.certPath} is not a private key in PEM format — give the PEM key that goes with --tls-cert\n`);
      const alone = await run(['-h', `https://127.0.0.1:${front.port}`, '--tls-passphrase', PASSPHRASE, '--once']);
      expect(alone.code).toBe(1);
      expect(alone.stderr).toContain('--tls-passphrase is the passphrase of a --tls-key, and none is given');
    });

    it('one left in [maxctrl] without a key is ignored, as maxctrl ignores it', async () => {
      const { writeFileSync } = await import('node:fs');
      const file = join(home.home, 'passphrase-only.cnf');
      writeFileSync(file, `[maxctrl]\ntls-passphrase = ${PASSPHRASE}\n`, { mode: 0o600 });
      const r = await run(['-c', file, '-h', `https://127.0.0.1:${front.port}`, '--tls-ca-cert', server.certPath, '--once']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    });
  });

  it('a CA file that holds no certificate, and a key that is not the certificate\'s, are usage errors before any request', async () => {
    const notCa = await run(['-h', `https://127.0.0.1:${front.port}`, '--tls-ca-cert', server.keyPath, '--once']);
    expect([notCa.code, notCa.stderr]).toEqual([
      1,
      `sesstop: --tls-ca-cert: ${server.keyPath} is not a certificate in PEM format — give the PEM certificate of the CA that signed the server certificate\n`,
    ]);
    const mismatch = await run(['-h', `https://127.0.0.1:${mtls.port}`, '--tls-ca-cert', server.certPath, '--tls-key', server.keyPath, '--tls-cert', client.certPath, '--once']);
    expect([mismatch.code, mismatch.stderr]).toEqual([
      1,
      `sesstop: --tls-key ${server.keyPath} is not the key of --tls-cert ${client.certPath} — give the key and certificate that belong together\n`,
    ]);
  });

  it('an unreadable TLS file is a one-line usage error', async () => {
    const r = await run(['-h', `https://127.0.0.1:${front.port}`, '--tls-ca-cert', join(home.home, 'missing.pem'), '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`sesstop: --tls-ca-cert: cannot read ${join(home.home, 'missing.pem')}: ENOENT — check the file name and its permissions\n`);
  });
});
