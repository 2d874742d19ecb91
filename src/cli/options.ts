// Every option of `sesstop`, described once: the yargs definitions, the `--help` groups and what
// a config file may set are all generated from this table.

export type OptionKind = 'string' | 'boolean';

/**
 * Where an option may also be set in a config file:
 * - `maxctrl`: one of maxctrl's global options, read from `[maxctrl]` and `[sesstop]`;
 * - `sesstop`: sesstop's own, read from `[sesstop]` only;
 * - `none`: command line only.
 */
export type ConfigScope = 'maxctrl' | 'sesstop' | 'none';

export interface OptionSpec {
  name: string;
  alias?: string;
  /** Further long spellings (`--host` for `--hosts`, as in the issue's `close --host`). */
  longAliases?: readonly string[];
  kind: OptionKind;
  describe: string;
  group: string;
  config: ConfigScope;
  /** Shown in --help; the defaults themselves are applied in settings.ts (after config and env). */
  defaultDescription?: string;
  choices?: readonly string[];
  /** Also accepted by the `close` subcommand. */
  close?: boolean;
}

const CONNECTION = 'Connection (same as maxctrl):';
const DISPLAY = 'Display:';
const BATCH = 'Batch mode and monitoring:';
const SIM = 'Simulator:';
const AUDIT = 'Audit log:';

export const FORMATS = ['table', 'tsv', 'json', 'ndjson'] as const;
export type BatchFormat = (typeof FORMATS)[number];

export const OPTIONS: readonly OptionSpec[] = [
  { name: 'hosts', alias: 'h', longAliases: ['host'], kind: 'string', group: CONNECTION, config: 'maxctrl', close: true, defaultDescription: '127.0.0.1:8989',
    describe: 'MaxScale REST API hosts: HOST:PORT or http(s)://HOST:PORT, comma-separated, repeatable' },
  { name: 'user', alias: 'u', kind: 'string', group: CONNECTION, config: 'maxctrl', close: true, defaultDescription: 'admin',
    describe: 'REST API user' },
  { name: 'password', alias: 'p', kind: 'string', group: CONNECTION, config: 'maxctrl', close: true, defaultDescription: 'mariadb',
    describe: "REST API password; -p '' asks for it without echo (or set SESSTOP_PASSWORD)" },
  { name: 'timeout', alias: 't', kind: 'string', group: CONNECTION, config: 'maxctrl', close: true, defaultDescription: '10000',
    describe: 'Request timeout: milliseconds, or with a suffix ms/s/m/h (10s)' },
  { name: 'secure', alias: 's', kind: 'boolean', group: CONNECTION, config: 'maxctrl', close: true, defaultDescription: 'false',
    describe: 'Use HTTPS for hosts given without a scheme' },
  { name: 'tls-key', kind: 'string', group: CONNECTION, config: 'maxctrl', close: true, describe: 'Path to the TLS private key (client certificate)' },
  { name: 'tls-cert', kind: 'string', group: CONNECTION, config: 'maxctrl', close: true, describe: 'Path to the TLS public certificate (client certificate)' },
  { name: 'tls-passphrase', kind: 'string', group: CONNECTION, config: 'maxctrl', close: true, describe: 'Passphrase of an encrypted --tls-key' },
  { name: 'tls-ca-cert', kind: 'string', group: CONNECTION, config: 'maxctrl', close: true, describe: 'Path to the TLS CA certificate to trust' },
  { name: 'tls-verify-server-cert', alias: 'n', kind: 'boolean', group: CONNECTION, config: 'maxctrl', close: true, defaultDescription: 'true',
    describe: 'Verify the server TLS certificate (-n false or --no-tls-verify-server-cert to turn off)' },
  { name: 'config', alias: 'c', kind: 'string', group: CONNECTION, config: 'none', close: true, defaultDescription: '~/.maxctrl.cnf',
    describe: 'Config file: [maxctrl] and [sesstop] sections; must not be readable by group or others' },
  { name: 'api', kind: 'string', group: CONNECTION, config: 'sesstop', close: true, defaultDescription: 'auto', choices: ['auto', 'seed', 'v1'],
    describe: 'REST dialect: auto-detect, the seed design, or real MaxScale /v1' },

  { name: 'interval', alias: 'd', kind: 'string', group: DISPLAY, config: 'sesstop', defaultDescription: '2',
    describe: 'Seconds between polls, as top -d (also between batch iterations)' },
  { name: 'sort', kind: 'string', group: DISPLAY, config: 'sesstop', defaultDescription: 'idle',
    describe: 'Sort column: id, host, user, client, service, state, connected, idle, backends, memory, io' },
  { name: 'reverse', kind: 'boolean', group: DISPLAY, config: 'sesstop', describe: 'Reverse the sort column\'s usual direction' },
  { name: 'filter', kind: 'string', group: DISPLAY, config: 'sesstop',
    describe: 'Show only matching sessions: words, field:value (id user client service state host), !negation' },
  { name: 'min-idle', kind: 'string', group: DISPLAY, config: 'sesstop', describe: 'Show only sessions idle at least this long (seconds or 30s/5m/1h)' },
  { name: 'read-only', kind: 'boolean', group: DISPLAY, config: 'sesstop', close: true, describe: 'Never close sessions (the close key and command are disabled)' },
  { name: 'color', kind: 'boolean', group: DISPLAY, config: 'sesstop', defaultDescription: 'true', describe: 'Colours (--no-color or NO_COLOR turn them off)' },
  { name: 'warn-idle', kind: 'string', group: DISPLAY, config: 'sesstop', defaultDescription: '300',
    describe: 'Idle seconds shown as a warning; in batch mode, on the command line, a Nagios check' },
  { name: 'crit-idle', kind: 'string', group: DISPLAY, config: 'sesstop', defaultDescription: '3600',
    describe: 'Idle seconds shown as critical; in batch mode, on the command line, a Nagios check' },

  { name: 'once', kind: 'boolean', group: BATCH, config: 'none', describe: 'Print the sessions once and exit (batch mode)' },
  { name: 'batch', alias: 'b', kind: 'boolean', group: BATCH, config: 'none', describe: 'Batch mode even on a terminal (as top -b)' },
  { name: 'iterations', kind: 'string', group: BATCH, config: 'none', defaultDescription: '1',
    describe: 'Batch polls before exiting (top\'s -n; -n is maxctrl\'s TLS flag here); 0 = until interrupted' },
  { name: 'format', kind: 'string', group: BATCH, config: 'sesstop', defaultDescription: 'table', choices: FORMATS,
    describe: 'Batch output format' },

  { name: 'simulate', kind: 'boolean', group: SIM, config: 'none', describe: 'Run against a built-in simulated MaxScale on 127.0.0.1' },
  { name: 'sim-sessions', kind: 'string', group: SIM, config: 'none', describe: 'Number of sessions the simulator starts with' },
  { name: 'seed', kind: 'string', group: SIM, config: 'none', describe: 'Random seed of the simulator (same seed, same sessions)' },

  { name: 'audit-log', kind: 'string', group: AUDIT, config: 'sesstop', close: true,
    defaultDescription: '$XDG_STATE_HOME/sesstop/audit.log', describe: 'Append a JSON line per close to this file' },
  { name: 'audit', kind: 'boolean', group: AUDIT, config: 'sesstop', close: true, defaultDescription: 'true', describe: 'Audit closes (--no-audit turns it off)' },
];

export const CLOSE_OPTIONS: readonly OptionSpec[] = [
  { name: 'ttl', kind: 'string', group: 'Close:', config: 'none', describe: 'Close after N seconds instead of now (MaxScale 22.08+)' },
  { name: 'yes', alias: 'y', kind: 'boolean', group: 'Close:', config: 'none', describe: 'Do not ask for confirmation' },
];

export function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
