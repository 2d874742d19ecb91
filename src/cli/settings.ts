// From parsed command-line arguments, environment and config file to validated settings.
// Precedence, for every option: command line > environment (SESSTOP_PASSWORD, NO_COLOR) >
// `[sesstop]` section > `[maxctrl]` section (maxctrl's own options only) > default.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { DialectChoice } from '../api/types.js';
import { compileFilter, type Predicate } from '../core/filter.js';
import { defaultDescending, parseSortColumn, SORT_COLUMNS, type SortColumn } from '../core/sort.js';
import { expandHome, type ConfigFile } from './config-file.js';
import { usageError } from './errors.js';
import { camelCase, FORMATS, OPTIONS, type BatchFormat, type OptionSpec } from './options.js';
import { parseBoolean, parseCount, parseHosts, parseSeconds, parseTimeoutMs } from './values.js';
import { MAX_INTERVAL_SEC, MIN_INTERVAL_SEC } from '../ui/state.js';

export const PASSWORD_ENV = 'SESSTOP_PASSWORD';
export const DEFAULTS = {
  host: '127.0.0.1:8989',
  user: 'admin',
  password: 'mariadb',
  timeoutMs: 10_000,
  intervalSec: 2,
  sort: 'idle' as SortColumn,
  warnIdle: 300,
  critIdle: 3600,
};

export interface ConnectionSettings {
  hosts: string[];
  user: string;
  password: string;
  /** The password resolved to '' (`-p ''`): ask for it on the terminal. */
  promptPassword: boolean;
  /** Where an empty password (a prompt) came from, for messages: `-p ''` or a config file line. */
  passwordSource: string;
  timeoutMs: number;
  secure: boolean;
  tls: { keyPath?: string; certPath?: string; caPath?: string; passphrase?: string; verify: boolean };
  api: DialectChoice;
  readOnly: boolean;
  /** Audit log file, or null with --no-audit. */
  auditPath: string | null;
}

export interface TopSettings extends ConnectionSettings {
  intervalSec: number;
  sort: SortColumn;
  descending: boolean;
  filterText?: string;
  filter?: Predicate;
  minIdle?: number;
  color: boolean;
  warnIdle: number;
  critIdle: number;
  mode: 'ui' | 'batch';
  /** Batch mode with --warn-idle/--crit-idle on the command line: a Nagios check. */
  monitoring: boolean;
  /** Batch polls; 0 = until interrupted. */
  iterations: number;
  format: BatchFormat;
  simulate: { sessions?: number; seed?: number } | null;
}

export type Argv = Record<string, unknown>;

interface Found {
  value: unknown;
  source: string;
  fromCommandLine: boolean;
}

/** Looks an option up on the command line, then in the config sections it may appear in. */
class OptionSources {
  constructor(
    private readonly argv: Argv,
    private readonly config: ConfigFile,
  ) {}

  commandLine(name: string): unknown {
    return this.argv[name];
  }

  find(name: string): Found | undefined {
    const spec = specFor(name);
    const cli = this.argv[name];
    if (cli !== undefined) return { value: cli, source: flagName(spec), fromCommandLine: true };
    if (spec.config === 'none') return undefined;
    const sections: Array<['sesstop' | 'maxctrl', Record<string, unknown>]> = [['sesstop', this.config.sesstop]];
    if (spec.config === 'maxctrl') sections.push(['maxctrl', this.config.maxctrl]);
    for (const [label, section] of sections) {
      for (const key of keysOf(spec)) {
        if (Object.hasOwn(section, key)) {
          return { value: section[key], source: `'${key}' in ${this.config.path} [${label}]`, fromCommandLine: false };
        }
      }
    }
    return undefined;
  }

  /** A single string value: the last one when an option was repeated. */
  string(name: string): { value: string; source: string; fromCommandLine: boolean } | undefined {
    const f = this.find(name);
    if (f === undefined) return undefined;
    const v = Array.isArray(f.value) ? f.value[f.value.length - 1] : f.value;
    if (typeof v === 'boolean' && !f.fromCommandLine) {
      throw usageError(`${f.source} needs a value`, `write ${name} = VALUE`);
    }
    return { value: String(v), source: f.source, fromCommandLine: f.fromCommandLine };
  }

  boolean(name: string): boolean | undefined {
    const f = this.find(name);
    if (f === undefined) return undefined;
    const v = Array.isArray(f.value) ? f.value[f.value.length - 1] : f.value;
    return parseBoolean(v, f.source);
  }
}

function specFor(name: string): OptionSpec {
  const spec = OPTIONS.find((o) => o.name === name);
  if (!spec) throw new Error(`no option spec for ${name}`);
  return spec;
}

function keysOf(spec: OptionSpec): string[] {
  return [spec.name, camelCase(spec.name), ...(spec.alias ? [spec.alias] : [])];
}

function flagName(spec: OptionSpec): string {
  return `--${spec.name}`;
}

/** `[sesstop]` may only hold known settings: a typo there must not be silently ignored. */
export function checkSesstopSection(config: ConfigFile): void {
  const known = new Set(OPTIONS.filter((o) => o.config !== 'none').flatMap(keysOf));
  for (const key of Object.keys(config.sesstop)) {
    if (!known.has(key)) {
      throw usageError(`unknown setting '${key}' in ${config.path} [sesstop]`, 'settings are long option names without --, e.g. interval = 5');
    }
  }
}

export interface Environment {
  env: NodeJS.ProcessEnv;
  stdoutIsTty: boolean;
}

export function resolveConnection(argv: Argv, config: ConfigFile, environment: Environment): ConnectionSettings {
  checkSesstopSection(config);
  const src = new OptionSources(argv, config);
  const { env } = environment;

  const hostsFound = src.find('hosts');
  const hostValues = hostsFound === undefined ? [DEFAULTS.host] : ([] as unknown[]).concat(hostsFound.value).map(String);
  const hosts = parseHosts(hostValues, hostsFound?.source ?? '--hosts');

  const user = src.string('user')?.value ?? DEFAULTS.user;
  const passwordFlag = src.commandLine('password');
  const envPassword = env[PASSWORD_ENV];
  let password: string;
  let passwordSource = "-p ''";
  if (passwordFlag !== undefined) password = String(Array.isArray(passwordFlag) ? passwordFlag.at(-1) : passwordFlag);
  else if (envPassword !== undefined && envPassword !== '') password = envPassword;
  else {
    const fromConfig = src.string('password');
    password = fromConfig?.value ?? DEFAULTS.password;
    if (fromConfig !== undefined) passwordSource = `an empty ${fromConfig.source}`;
  }

  const timeout = src.string('timeout');
  const timeoutMs = timeout === undefined ? DEFAULTS.timeoutMs : parseTimeoutMs(timeout.value, timeout.source);

  const keyPath = pathOption(src, 'tls-key');
  const certPath = pathOption(src, 'tls-cert');
  if ((keyPath === undefined) !== (certPath === undefined)) {
    throw usageError('--tls-key and --tls-cert go together (a client certificate needs both)', 'give both or neither');
  }
  const passphrase = src.string('tls-passphrase');
  // One on the command line without a key is a mistake; one left in [maxctrl] is maxctrl's business.
  if (passphrase?.fromCommandLine && keyPath === undefined) {
    throw usageError(`${passphrase.source} is the passphrase of a --tls-key, and none is given`, 'give --tls-key and --tls-cert too, or drop it');
  }
  const api = src.string('api');
  if (api !== undefined && !['auto', 'seed', 'v1'].includes(api.value)) {
    throw usageError(`${api.source}: '${api.value}' is not auto, seed or v1`, 'e.g. --api v1');
  }

  const audit = src.boolean('audit') ?? true;
  const auditFile = src.string('audit-log');
  if (auditFile !== undefined && auditFile.value.trim() === '') {
    throw usageError(`${auditFile.source} is empty`, 'give a file, or --no-audit to turn auditing off');
  }
  if (!audit && auditFile?.fromCommandLine) throw usageError(`${auditFile.source} and --no-audit contradict each other`, 'give one of them');
  const auditPath = !audit ? null : auditFile !== undefined ? expandHome(auditFile.value) : defaultAuditPath(env);

  return {
    hosts,
    user,
    password,
    promptPassword: password === '',
    passwordSource,
    timeoutMs,
    secure: src.boolean('secure') ?? false,
    tls: {
      keyPath,
      certPath,
      caPath: pathOption(src, 'tls-ca-cert'),
      passphrase: passphrase?.value,
      verify: src.boolean('tls-verify-server-cert') ?? true,
    },
    api: (api?.value ?? 'auto') as DialectChoice,
    readOnly: src.boolean('read-only') ?? false,
    auditPath,
  };
}

function pathOption(src: OptionSources, name: string): string | undefined {
  const found = src.string(name);
  if (found === undefined) return undefined;
  if (found.value === '') throw usageError(`${found.source} needs a file name`, `e.g. --${name} /etc/ssl/file.pem`);
  return expandHome(found.value);
}

/** `$XDG_STATE_HOME/sesstop/audit.log`, `~/.local/state/sesstop/audit.log` when unset or relative (XDG spec). */
export function defaultAuditPath(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME;
  const base = state !== undefined && isAbsolute(state) ? state : join(homedir(), '.local', 'state');
  return resolve(base, 'sesstop', 'audit.log');
}

export function resolveTop(argv: Argv, config: ConfigFile, environment: Environment): TopSettings {
  const connection = resolveConnection(argv, config, environment);
  const src = new OptionSources(argv, config);
  const { env } = environment;

  const interval = src.string('interval');
  const intervalSec = interval === undefined ? DEFAULTS.intervalSec : parseSeconds(interval.value, interval.source, { min: MIN_INTERVAL_SEC, max: MAX_INTERVAL_SEC });

  const sortFound = src.string('sort');
  let sort = DEFAULTS.sort;
  if (sortFound !== undefined) {
    const parsed = parseSortColumn(sortFound.value);
    if (parsed === null) {
      throw usageError(`${sortFound.source}: '${sortFound.value}' is not a column`, `use one of ${SORT_COLUMNS.join(', ')}`);
    }
    sort = parsed;
  }
  const descending = defaultDescending(sort) !== (src.boolean('reverse') ?? false);

  const filterFound = src.string('filter');
  let filter: Predicate | undefined;
  if (filterFound !== undefined && filterFound.value.trim() !== '') {
    const compiled = compileFilter(filterFound.value);
    if (!compiled.ok) throw usageError(`${filterFound.source}: ${compiled.error}`, 'e.g. --filter "user:app !state:started"');
    filter = compiled.predicate;
  }

  const minIdleFound = src.string('min-idle');
  const minIdle = minIdleFound === undefined ? undefined : parseSeconds(minIdleFound.value, minIdleFound.source, { allowZero: true });

  const colorFlag = src.commandLine('color');
  const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const color = colorFlag !== undefined ? Boolean(colorFlag) : noColorEnv ? false : (src.boolean('color') ?? true);

  const warnFound = src.string('warn-idle');
  const critFound = src.string('crit-idle');
  const warnIdle = warnFound === undefined ? DEFAULTS.warnIdle : parseSeconds(warnFound.value, warnFound.source, { allowZero: true });
  const critIdle = critFound === undefined ? DEFAULTS.critIdle : parseSeconds(critFound.value, critFound.source, { allowZero: true });
  if (warnIdle > critIdle) {
    throw usageError(`the warning threshold (${warnIdle}s) is above the critical one (${critIdle}s)`, 'make --warn-idle at most --crit-idle');
  }

  const once = src.boolean('once') ?? false;
  const iterationsFound = src.string('iterations');
  if (once && iterationsFound !== undefined) throw usageError('--once and --iterations contradict each other', 'use one of them');
  const iterations = once ? 1 : iterationsFound === undefined ? 1 : parseCount(iterationsFound.value, '--iterations');

  const formatFound = src.string('format');
  if (formatFound !== undefined && !(FORMATS as readonly string[]).includes(formatFound.value)) {
    throw usageError(`${formatFound.source}: '${formatFound.value}' is not a format`, `use one of ${FORMATS.join(', ')}`);
  }
  const format = (formatFound?.value ?? 'table') as BatchFormat;

  const batchRequested =
    once || (src.boolean('batch') ?? false) || iterationsFound !== undefined || src.commandLine('format') !== undefined;
  const mode = batchRequested || !environment.stdoutIsTty ? 'batch' : 'ui';
  const monitoring = mode === 'batch' && (src.commandLine('warn-idle') !== undefined || src.commandLine('crit-idle') !== undefined);
  if (monitoring && src.commandLine('format') !== undefined) {
    throw usageError('--format does not apply to a Nagios check (--warn-idle/--crit-idle in batch mode)', 'drop --format or the thresholds');
  }
  if (monitoring && iterationsFound !== undefined && iterations !== 1) {
    throw usageError('a Nagios check (--warn-idle/--crit-idle in batch mode) polls once', 'drop --iterations');
  }

  const simulate = resolveSimulate(src);
  if (simulate !== null && src.commandLine('hosts') !== undefined) {
    throw usageError('--simulate runs its own MaxScale; it cannot be combined with --hosts', 'drop one of them');
  }

  return {
    ...connection,
    intervalSec,
    sort,
    descending,
    filterText: filter === undefined ? undefined : filterFound?.value,
    filter,
    minIdle,
    color,
    warnIdle,
    critIdle,
    mode,
    monitoring,
    iterations,
    format,
    simulate,
  };
}

function resolveSimulate(src: OptionSources): TopSettings['simulate'] {
  const on = src.boolean('simulate') ?? false;
  const sessions = src.string('sim-sessions');
  const seed = src.string('seed');
  if (!on) {
    if (sessions !== undefined || seed !== undefined) {
      throw usageError(`${sessions !== undefined ? '--sim-sessions' : '--seed'} only applies with --simulate`, 'add --simulate');
    }
    return null;
  }
  return {
    sessions: sessions === undefined ? undefined : parseCount(sessions.value, '--sim-sessions', { max: 1_000_000 }),
    seed: seed === undefined ? undefined : parseCount(seed.value, '--seed', { max: 2 ** 32 - 1 }),
  };
}
