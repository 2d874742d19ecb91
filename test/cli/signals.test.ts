// Long-running batch mode: a closed pipe ends it quietly, Ctrl-C (SIGINT) ends it with 130.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { BIN, baseEnv, ensureBuilt, tempHome } from './helpers/run.js';
import { FIXED_SESSIONS, hostOf, startFixedSim } from './helpers/sim.js';

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

function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, '-h', hostOf(sim), ...args], { env: baseEnv(home.home), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const firstOutput = new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
  return { child, exited, firstOutput, stderr: () => stderr };
}

describe('endless batch mode', () => {
  it('stops quietly (exit 0, nothing on stderr) when the reader closes the pipe', async () => {
    const run = start(['-b', '--iterations', '0', '-d', '0.1', '--format', 'ndjson']);
    expect(await run.firstOutput).toContain('"user"');
    run.child.stdout.destroy();
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toBe('');
  });

  it('SIGTERM ends it with 143', async () => {
    const run = start(['-b', '--iterations', '0', '-d', '0.1', '--format', 'tsv']);
    await run.firstOutput;
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    expect(run.stderr()).toBe('');
  });

  it('SIGINT ends it with 130 and no stack trace', async () => {
    const run = start(['-b', '--iterations', '0', '-d', '0.1', '--format', 'tsv']);
    expect(await run.firstOutput).toContain('host\tid');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toBe('');
  });
});

describe('sesstop sim', () => {
  it('serves until SIGINT; sesstop can read it', async () => {
    const child = spawn(process.execPath, [BIN, 'sim', '--port', '0', '--sessions', '4', '--no-churn'], {
      env: baseEnv(home.home),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const banner = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
    expect(url).toBeDefined();
    const { runSesstop } = await import('./helpers/run.js');
    const r = await runSesstop(['-h', url as string, '--format', 'ndjson'], home.home);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(4);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});


describe('a Nagios check of a host that does not answer', () => {
  it('Ctrl-C ends it at once (130), saying it was interrupted rather than giving the host a state', async () => {
    const { createServer } = await import('node:http');
    let asked!: () => void;
    const request = new Promise<void>((resolve) => (asked = resolve));
    const server = createServer(() => asked()); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as import('node:net').AddressInfo;
      // A timeout longer than the test's own: only the interrupt can end this check in time.
      const child = spawn(process.execPath, [BIN, '-h', `127.0.0.1:${port}`, '--once', '-t', '60s', '--warn-idle', '1h'], { env: baseEnv(home.home), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await request;
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(out).toBe('SESSTOP UNKNOWN - interrupted before the check finished\n');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
