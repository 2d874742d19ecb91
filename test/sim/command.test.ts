// `sesstop sim` argument handling (the command runs as a real process in test/cli and e2e).
import { describe, expect, it } from 'vitest';
import { isLoopback, simOptionsFromArgs } from '../../src/sim/command.js';

const DEFAULTS = {
  host: '127.0.0.1',
  port: '8989',
  sessions: '200',
  seed: '1',
  user: 'admin',
  password: 'mariadb',
  auth: true,
  latency: '0',
  'error-rate': '0',
  dialect: 'both',
  churn: true,
};

describe('simOptionsFromArgs', () => {
  it('maps the defaults to a wall-clock simulator on 127.0.0.1:8989 with admin/mariadb', () => {
    expect(simOptionsFromArgs(DEFAULTS)).toEqual({
      host: '127.0.0.1',
      port: 8989,
      sessions: 200,
      seed: 1,
      auth: { user: 'admin', password: 'mariadb' },
      readOnlyUser: undefined,
      latencyMs: 0,
      errorRate: 0,
      dialects: ['seed', 'v1'],
      churn: true,
      clock: 'wall',
    });
  });

  it('takes every 32-bit seed that --simulate --seed takes', () => {
    expect(simOptionsFromArgs({ ...DEFAULTS, seed: '3000000000' }).seed).toBe(3_000_000_000);
    expect(simOptionsFromArgs({ ...DEFAULTS, seed: '4294967295' }).seed).toBe(4_294_967_295);
  });

  it('maps every option', () => {
    const o = simOptionsFromArgs({
      ...DEFAULTS,
      host: '0.0.0.0',
      port: '0',
      sessions: '10000',
      seed: '-7',
      auth: false,
      'read-only-user': 'viewer:pa:ss',
      latency: '250',
      'error-rate': '0.25',
      dialect: 'v1',
      churn: false,
    });
    expect(o).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      sessions: 10000,
      seed: -7,
      auth: false,
      readOnlyUser: { user: 'viewer', password: 'pa:ss' },
      latencyMs: 250,
      errorRate: 0.25,
      dialects: ['v1'],
      churn: false,
    });
  });

  it.each([
    [{ port: 'abc' }, "--port must be a whole number from 0 to 65535 (got 'abc')"],
    [{ port: '65536' }, '--port must be a whole number from 0 to 65535'],
    [{ port: '1.5' }, '--port must be'],
    [{ sessions: '-1' }, '--sessions must be a whole number from 0 to 1000000'],
    [{ sessions: '' }, '--sessions must be'],
    [{ seed: 'x' }, '--seed must be'],
    [{ seed: '4294967296' }, '--seed must be a whole number from -2147483648 to 4294967295'],
    [{ latency: '-3' }, '--latency must be'],
    [{ 'error-rate': '1.5' }, "--error-rate must be a number from 0 to 1 (got '1.5')"],
    [{ 'error-rate': 'lots' }, '--error-rate must be'],
    [{ 'error-rate': '' }, '--error-rate must be'],
    [{ dialect: 'v2' }, "--dialect must be both, seed or v1 (got 'v2')"],
    [{ host: ' ' }, '--host must not be empty'],
    [{ user: '' }, '--user must not be empty'],
    [{ 'read-only-user': 'nopassword' }, '--read-only-user must be NAME:PASSWORD'],
  ])('%j is a one-line usage error', (override, message) => {
    let error: unknown;
    try {
      simOptionsFromArgs({ ...DEFAULTS, ...override });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    const text = (error as Error).message;
    expect(text).toContain(message);
    expect(text).not.toContain('\n');
    expect((error as { exitCode?: number }).exitCode).toBe(1);
  });
});

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1'])('%s is loopback', (h) => expect(isLoopback(h)).toBe(true));
  it.each(['0.0.0.0', '::', '192.0.2.1', 'example.com'])('%s is not', (h) => expect(isLoopback(h)).toBe(false));
});
