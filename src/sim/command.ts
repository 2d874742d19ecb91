/**
 * `sesstop sim`: runs the simulated MaxScale as a server on the wall clock until interrupted.
 *
 *   sesstop sim [--host 127.0.0.1] [--port 8989] [--sessions 200] [--seed N]
 *               [--user admin --password mariadb | --no-auth] [--read-only-user NAME:PASSWORD]
 *               [--latency MS] [--error-rate R] [--dialect both|seed|v1] [--no-churn]
 *
 * Prints `sesstop sim: listening on http://HOST:PORT (…)` on stdout (port 0 shows the chosen
 * port). Bad values are one-line usage errors (exit 1). Binding anything but loopback warns
 * on stderr that the simulator has no real security.
 */
import type { Argv, CommandModule } from 'yargs';
import { usageError } from '../cli/errors.js';
import { startSimulator, type SimOptions } from './index.js';
import type { DialectName } from './server.js';

interface SimArgs {
  host: string;
  port: string;
  sessions: string;
  seed: string;
  user: string;
  password: string;
  auth: boolean;
  'read-only-user'?: string;
  latency: string;
  'error-rate': string;
  dialect: string;
  churn: boolean;
}

const HINT = 'see sesstop sim --help';

/** Turns the command line into SimOptions; throws a one-line usage error on bad values. */
export function simOptionsFromArgs(a: SimArgs): SimOptions {
  const whole = (flag: string, text: string, min: number, max: number): number => {
    if (!/^-?\d{1,10}$/.test(text.trim()) || Number(text) < min || Number(text) > max) {
      throw usageError(`--${flag} must be a whole number from ${min} to ${max} (got '${text}')`, HINT);
    }
    return Number(text);
  };
  const host = a.host.trim();
  if (host === '') throw usageError('--host must not be empty', HINT);
  const latencyMs = whole('latency', a.latency, 0, 600_000);
  const errorRate = Number(a['error-rate']);
  if (a['error-rate'].trim() === '' || !(errorRate >= 0 && errorRate <= 1)) {
    throw usageError(`--error-rate must be a number from 0 to 1 (got '${a['error-rate']}')`, HINT);
  }
  const dialects: Record<string, DialectName[]> = { both: ['seed', 'v1'], seed: ['seed'], v1: ['v1'] };
  if (!dialects[a.dialect]) throw usageError(`--dialect must be both, seed or v1 (got '${a.dialect}')`, HINT);
  if (a.auth && a.user === '') throw usageError('--user must not be empty (or use --no-auth)', HINT);
  let readOnlyUser: SimOptions['readOnlyUser'];
  if (a['read-only-user'] !== undefined) {
    const text = a['read-only-user'];
    const colon = text.indexOf(':');
    if (colon < 1) throw usageError(`--read-only-user must be NAME:PASSWORD (got '${text}')`, HINT);
    readOnlyUser = { user: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  return {
    host,
    port: whole('port', a.port, 0, 65535),
    sessions: whole('sessions', a.sessions, 0, 1_000_000),
    // Every 32-bit seed, as --simulate --seed takes it (0 to 4294967295); negative ones wrap.
    seed: whole('seed', a.seed, -2147483648, 4294967295),
    auth: a.auth ? { user: a.user, password: a.password } : false,
    readOnlyUser,
    latencyMs,
    errorRate,
    dialects: dialects[a.dialect],
    churn: a.churn,
    clock: 'wall',
  };
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export const simCommand: CommandModule<object, SimArgs> = {
  command: 'sim',
  describe: 'Run a simulated MaxScale REST API server (for demos and tests)',
  builder: (y: Argv<object>) =>
    y
      .usage('sesstop sim [options]\n\nServes a simulated, busy MaxScale admin REST API (seed and v1 dialects) until Ctrl-C.')
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on (non-loopback prints a warning)' })
      .option('port', { type: 'string', default: '8989', describe: 'Port to listen on; 0 picks a free port' })
      .option('sessions', { type: 'string', default: '200', describe: 'Initial number of client sessions' })
      .option('seed', { type: 'string', default: '1', describe: 'Random seed (same seed, same cluster)' })
      .option('user', { type: 'string', default: 'admin', describe: 'Admin user name' })
      .option('password', { type: 'string', default: 'mariadb', describe: 'Admin password' })
      .option('auth', { type: 'boolean', default: true, describe: 'Require HTTP Basic auth (--no-auth turns it off)' })
      .option('read-only-user', { type: 'string', describe: 'Also accept NAME:PASSWORD as a read-only user (403 on DELETE)' })
      .option('latency', { type: 'string', default: '0', describe: 'Added latency per answer, ms' })
      .option('error-rate', { type: 'string', default: '0', describe: 'Share of answers that are 500 errors, 0-1' })
      .option('dialect', { type: 'string', default: 'both', describe: 'Which REST dialects to serve: both, seed or v1' })
      .option('churn', { type: 'boolean', default: true, describe: 'Sessions arrive and leave (--no-churn keeps the set fixed)' }) as unknown as Argv<SimArgs>,
  handler: async (argv) => {
    const options = simOptionsFromArgs(argv);
    let sim;
    try {
      sim = await startSimulator(options);
    } catch (e) {
      throw usageError((e as Error).message, HINT);
    }
    if (!isLoopback(sim.host)) {
      process.stderr.write(
        `sesstop sim: warning: listening on ${sim.host}, reachable from other machines; the simulator has no real security (plain HTTP, demo credentials)\n`,
      );
    }
    const who = options.auth ? `user ${options.auth.user}` : 'no auth';
    process.stdout.write(
      `sesstop sim: listening on ${sim.url} (${options.sessions} session${options.sessions === 1 ? '' : 's'}, seed ${options.seed}, ${who}); Ctrl-C stops\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await sim.close();
  },
};
