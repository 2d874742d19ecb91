// `sesstop`: parse the command line, read the config file, then run the UI, batch mode or the
// close command. Returns the exit status; every failure becomes one line on stderr (bin/).
import type { SessionsClient } from '../api/types.js';
import { createPool } from '../api/pool.js';
import { simCommand } from '../sim/command.js';
import { runBatch } from './batch/run-batch.js';
import { parseCloseRequest, runClose } from './close-command.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from './config-file.js';
import { createClients, obtainPassword } from './connect.js';
import { EXIT } from './exit-codes.js';
import { LineWriter } from './output.js';
import { parseCommandLine } from './program.js';
import { runInteractive } from './run-ui.js';
import { resolveConnection, resolveTop, type Argv, type TopSettings } from './settings.js';
import { packageVersion } from './version.js';

export interface MainIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): MainIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

export async function main(args: string[], io: MainIo = defaultIo()): Promise<number> {
  const parsed = await parseCommandLine(args, packageVersion(), simCommand);
  if (parsed.command === 'done') return EXIT.ok;
  const out = new LineWriter(io.stdout);
  const err = new LineWriter(io.stderr, 'standard error');
  try {
    const config = loadConfig(parsed.argv);
    const environment = { env: io.env, stdoutIsTty: io.stdout.isTTY === true };
    if (parsed.command === 'close') {
      const settings = resolveConnection(parsed.argv, config, environment);
      const request = parseCloseRequest(parsed.argv);
      const password = await obtainPassword(settings);
      const cache = new Map<string, SessionsClient>();
      const clientFor = (target: string): SessionsClient => {
        let client = cache.get(target);
        if (client === undefined) {
          client = createClients([target], settings, password)[0];
          cache.set(target, client);
        }
        return client;
      };
      try {
        return await runClose({ settings, request, clientFor, out, err });
      } finally {
        await Promise.all([...cache.values()].map((c) => c.close().catch(() => undefined)));
      }
    }
    const settings = resolveTop(parsed.argv, config, environment);
    return await runTop(settings, io, out, err);
  } finally {
    await out.flush();
    await err.flush();
  }
}

function loadConfig(argv: Argv) {
  const given = argv.config;
  const path = given === undefined ? DEFAULT_CONFIG_PATH : String(([] as unknown[]).concat(given).at(-1));
  return loadConfigFile(path, given !== undefined);
}

async function runTop(settings: TopSettings, io: MainIo, out: LineWriter, err: LineWriter): Promise<number> {
  const password = await obtainPassword(settings);
  const sim = settings.simulate === null ? null : await startSimulation(settings, password);
  try {
    const hosts = sim === null ? settings.hosts : [sim.url];
    const clients = createClients(hosts, settings, password);
    // The pool's deadline (a silence, counted from a host's last answer) a little after the
    // client's own per-request timeout, so the client's more precise error (timeout, refused…) is
    // the one reported.
    const pool = createPool(clients, { deadlineMs: settings.timeoutMs + 1000 });
    try {
      if (settings.mode === 'ui') return await runInteractive(pool, settings, sim === null ? undefined : 'simulated MaxScale');
      return await withInterrupt((interrupt) =>
        runBatch({
          pool,
          settings,
          out,
          err,
          env: io.env,
          terminalColumns: io.stdout.isTTY ? io.stdout.columns : undefined,
          interrupt,
        }),
      );
    } finally {
      await pool.close();
    }
  } finally {
    await sim?.close();
  }
}

async function startSimulation(settings: TopSettings, password: string) {
  const { startSimulator } = await import('../sim/index.js');
  return startSimulator({
    host: '127.0.0.1',
    port: 0,
    clock: 'wall',
    sessions: settings.simulate?.sessions,
    seed: settings.simulate?.seed,
    // The simulator accepts whatever credentials sesstop will send (e.g. from ~/.maxctrl.cnf).
    auth: { user: settings.user, password },
  });
}

/** Runs `work` with an AbortSignal that SIGINT/SIGTERM abort: batch mode ends cleanly, 130/143. */
async function withInterrupt(work: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  let code: number = EXIT.interrupted;
  const onInt = (): void => controller.abort();
  const onTerm = (): void => {
    code = EXIT.terminated;
    controller.abort();
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const result = await work(controller.signal);
    return controller.signal.aborted ? code : result;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}
