// The yargs definition: options from options.ts, the `close`, `sim` and `completion` commands,
// help with examples. Parsing only: what to do with the result is main.ts's job.
import yargs, { type Argv as Yargs, type CommandModule } from 'yargs';
import { CliError, HELP_HINT, usageError } from './errors.js';
import { EXIT_CODE_TABLE, formatExitTable, NAGIOS_TABLE } from './exit-codes.js';
import { CLOSE_OPTIONS, OPTIONS, type OptionSpec } from './options.js';
import { PASSWORD_ENV } from './settings.js';
import { parseFlagValue } from './values.js';

export type Parsed =
  | { command: 'top'; argv: Record<string, unknown> }
  | { command: 'close'; argv: Record<string, unknown> }
  /** Help, version, completion script or the `sim` command already ran. */
  | { command: 'done' };

const EXAMPLES: Array<[string, string]> = [
  ['sesstop', 'watch 127.0.0.1:8989 as admin/mariadb (like maxctrl)'],
  ["sesstop -h mxs1:8989,mxs2:8989 -u ops -p ''", 'two MaxScales, one merged view; ask for the password'],
  ['sesstop --simulate', 'try it against a built-in simulated MaxScale'],
  ['sesstop --once --format tsv --sort user', 'print the sessions once, tab-separated'],
  ['sesstop --filter "user:app !state:started" --min-idle 10m --once', 'idle application sessions'],
  ['sesstop -b --iterations 0 -d 60 --format ndjson >> sessions.log', 'log every minute until interrupted'],
  ['sesstop --once --warn-idle 10m --crit-idle 1h', 'a Nagios check (exit 0/1/2/3, one line)'],
  ['sesstop close 17 42', 'close sessions 17 and 42 after confirming each'],
  ['sesstop close mxs2:8989:17 --yes -h mxs1:8989,mxs2:8989', 'close session 17 of mxs2 without asking'],
  ['sesstop sim --port 8989', 'run the simulator as a server'],
];

const EPILOGUE = [
  `Option precedence: command line > environment (${PASSWORD_ENV}, NO_COLOR) > [sesstop] > [maxctrl] in the config file > default.`,
  'Batch mode starts when stdout is not a terminal, or with --once, -b, --iterations or --format.',
  '',
  'Exit status:',
  formatExitTable(EXIT_CODE_TABLE),
  'Nagios check (--warn-idle/--crit-idle on the command line, batch mode):',
  formatExitTable(NAGIOS_TABLE),
].join('\n');

function addOptions(y: Yargs, specs: readonly OptionSpec[]): Yargs {
  for (const spec of specs) {
    const choices = spec.choices ? ` (${spec.choices.join('|')})` : '';
    y = y.option(spec.name, {
      alias: [...(spec.alias ? [spec.alias] : []), ...(spec.longAliases ?? [])],
      type: spec.kind,
      describe: spec.describe + choices,
      group: spec.group,
      global: false,
      defaultDescription: spec.defaultDescription,
      requiresArg: spec.kind === 'string' ? true : undefined,
    });
  }
  return y;
}

/** Rewrites yargs's messages into sesstop's `problem — hint` form. */
/** The help that fits: the subcommand's own when one was given. */
function helpHint(args: readonly string[]): string {
  const command = args.find((a) => a === 'close' || a === 'sim');
  return command === undefined ? HELP_HINT : `see sesstop ${command} --help`;
}

const CLOSE_NEEDS_IDS = (): CliError => usageError('close needs at least one session id', 'e.g. sesstop close 17, or HOST:PORT:17 with several hosts');

function translateYargsMessage(message: string, args: readonly string[]): CliError {
  const first = message.split('\n')[0].trim();
  const unknown = /^Unknown arguments?: (.*)$/.exec(first);
  if (unknown) {
    const names = unknown[1].split(', ');
    const described = names.map((name) => {
      const given = args.find((a) => a.replace(/^-+/, '').replace(/=.*$/, '') === name && a.startsWith('-'));
      return given !== undefined ? `unknown option ${given.replace(/=.*$/, '')}` : `unexpected argument '${name}'`;
    });
    return usageError(described.join(', '), helpHint(args));
  }
  const needsValue = /^Not enough arguments following: (.*)$/.exec(first);
  if (needsValue) {
    const name = needsValue[1];
    const flag = name.length === 1 ? `-${name}` : `--${name}`;
    const hint = name === 'p' || name === 'password' ? "give a password, or -p '' to be asked for it" : `give a value after ${flag}`;
    return usageError(`option ${flag} needs a value`, hint);
  }
  if (/^Not enough non-option arguments/.test(first)) return CLOSE_NEEDS_IDS();
  return usageError(first.charAt(0).toLowerCase() + first.slice(1), helpHint(args));
}

/**
 * mysql's habit: `-pSECRET` is the password SECRET. yargs would read it as -p -S -E -C… and name
 * the letters of the password in its error.
 */
function gluedPassword(arg: string): string {
  return /^-p[^=]/.test(arg) ? `--password=${arg.slice(2)}` : arg;
}

/** The on/off options (the simulator's own included), as spelled on the command line. */
const ON_OFF_SPECS = [...OPTIONS, ...CLOSE_OPTIONS].filter((o) => o.kind === 'boolean');
const ON_OFF = new Set(ON_OFF_SPECS.map((o) => o.name).concat(['auth', 'churn', 'help', 'version']));
/** Their one-letter aliases (`-n=yes` is `--tls-verify-server-cert=yes`). */
const ON_OFF_ALIAS = new Map(ON_OFF_SPECS.flatMap((o) => (o.alias === undefined ? [] : [[o.alias, o.name] as const])));
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * `--READ-ONLY`: yargs took it without a word and set nothing sesstop reads (read-only was off).
 * Capitals are only for the camelCase spelling of an option (`--readOnly`).
 */
function refuseCapitals(arg: string): string {
  const name = /^--([^=]+)/.exec(arg)?.[1];
  if (name !== undefined && /[A-Z]/.test(name) && !/^[a-z][a-zA-Z0-9]*$/.test(name)) {
    throw usageError(`unknown option --${name}`, `options are lower case, e.g. --${name.toLowerCase()}`);
  }
  return arg;
}

/**
 * `--read-only=yes`: yargs reads any value of an on/off option but `true` as false, so this
 * turned read-only (or certificate checks, or the audit log) off without a word. The words a
 * config file takes are accepted, `--no-x=v` and `-n=v` included; anything else is a usage error.
 */
function onOffValue(arg: string): string {
  const short = /^-([A-Za-z])=(.*)$/s.exec(arg);
  const long = ON_OFF_ALIAS.get(short?.[1] ?? '');
  if (short && long) return `--${long}=${parseFlagValue(`-${short[1]}`, short[2])}`;
  const m = /^--(no-)?([A-Za-z][\w-]*)=(.*)$/s.exec(arg);
  if (!m || !ON_OFF.has(kebab(m[2]))) return arg;
  const on = parseFlagValue(`--${m[1] ?? ''}${m[2]}`, m[3]);
  return `--${m[2]}=${m[1] ? !on : on}`;
}

/** The command line with each argument before `--` (after it, all are values) rewritten in turn. */
function rewriteOptions(args: string[], ...steps: ((arg: string) => string)[]): string[] {
  const end = args.indexOf('--');
  return args.map((a, i) => (end >= 0 && i >= end ? a : steps.reduce((arg, step) => step(arg), a)));
}

export async function parseCommandLine(args: string[], version: string, // eslint-disable-next-line @typescript-eslint/no-explicit-any
  simCommand: CommandModule<any, any> | null): Promise<Parsed> {
  let parsed = { command: 'done' } as Parsed;
  let y = yargs(rewriteOptions(args, gluedPassword, refuseCapitals, onOffValue))
    .scriptName('sesstop')
    .usage('sesstop [options]\n\ntop for the client sessions of a MariaDB MaxScale: watch them, and close the ones that should not be there.')
    .parserConfiguration({ 'strip-aliased': false, 'strip-dashed': false })
    .strict()
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((message: string | undefined, error: Error | undefined) => {
      if (error instanceof CliError) throw error;
      throw translateYargsMessage(message ?? error?.message ?? 'invalid command line', args);
    })
    .completion('completion', 'Print a bash/zsh completion script (sesstop completion >> ~/.bashrc)')
    .help('help')
    .version('version', 'Show the version', version);
  y = addOptions(y, OPTIONS);
  y = y.command({
    // Optional here so that ids after `--` (the usual end of options) count: checked below.
    command: 'close [ids..]',
    describe: 'Close sessions by id (HOST:PORT:ID or HOST#ID picks the host)',
    builder: (c: Yargs) =>
      addOptions(c, [...OPTIONS.filter((o) => o.close), ...CLOSE_OPTIONS])
        .positional('ids', { type: 'string', describe: 'Session ids' })
        .usage('sesstop close ID... [options]\n\nCloses each session after showing it and asking (unless --yes). Never closes a session that changed since it was looked up.'),
    handler: (argv: Record<string, unknown>) => {
      // Words after `--` as typed: yargs reads them as numbers where it can (`0x16` → 22, `1e1`
      // → 10), and a number turned back into text would name another session.
      const end = args.indexOf('--');
      const afterEnd = end < 0 ? [] : args.slice(end + 1);
      const ids = [...([] as unknown[]).concat(argv.ids ?? []).map(String), ...afterEnd];
      parsed = { command: 'close', argv: { ...argv, ids } };
    },
  });
  if (simCommand) y = y.command(simCommand);
  y = y
    .example(EXAMPLES)
    .epilogue(EPILOGUE)
    .wrap(Math.min(110, y.terminalWidth()));
  if (args[0] === 'completion') {
    // Handled here: with exitProcess(false) yargs would go on validating after printing the
    // script, and fail on any word after it.
    const rest = args.slice(1);
    if (rest.length === 1 && rest[0] === '--help') {
      process.stdout.write('sesstop completion\n\nPrints a bash/zsh completion script for sesstop: sesstop completion >> ~/.bashrc\n');
    } else if (rest.length > 0) {
      throw usageError(`completion takes no arguments (got ${rest.map((a) => `'${a}'`).join(' ')})`, 'run sesstop completion >> ~/.bashrc');
    } else y.showCompletionScript();
    return { command: 'done' };
  }
  const argv = (await y.parseAsync()) as Record<string, unknown>;
  if (parsed.command === 'close') {
    if ((parsed.argv.ids as string[]).length === 0) throw CLOSE_NEEDS_IDS();
    return parsed;
  }
  const positional = (argv._ as unknown[]) ?? [];
  if (argv.help || argv.version || positional.length > 0 || argv['get-yargs-completions'] !== undefined) return { command: 'done' };
  return { command: 'top', argv };
}

