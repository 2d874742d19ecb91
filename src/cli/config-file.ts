// Reads maxctrl's config file (`~/.maxctrl.cnf`): its `[maxctrl]` section as maxctrl reads it, and a
// `[sesstop]` section for sesstop's own settings. Refused, like maxctrl, when group or others have
// any access to it: it may hold a password.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parse as parseIni } from 'ini';
import { usageError } from './errors.js';

export const DEFAULT_CONFIG_PATH = '~/.maxctrl.cnf';

export type ConfigSection = Record<string, unknown>;

export interface ConfigFile {
  /** The path as read (`~` expanded); null when the default file does not exist. */
  path: string | null;
  maxctrl: ConfigSection;
  sesstop: ConfigSection;
}

export function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return resolve(homedir(), path.slice(2));
  return resolve(path);
}

/** `explicit`: named by `-c/--config` (must exist) rather than the default (may be absent). */
export function loadConfigFile(path: string, explicit: boolean): ConfigFile {
  const file = expandHome(path);
  const hint = 'use -c FILE to name another file';
  let mode: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw usageError(`config file ${file} is not a regular file`, hint);
    mode = stat.mode;
  } catch (error) {
    if (isErrno(error) && error.code === 'ENOENT') {
      if (!explicit) return { path: null, maxctrl: {}, sesstop: {} };
      throw usageError(`config file ${file} does not exist`, 'check the -c/--config path');
    }
    if (isErrno(error)) throw usageError(`cannot read config file ${file}: ${error.code ?? error.message}`, hint);
    throw error;
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(3, '0');
    throw usageError(
      `config file ${file} is accessible by group or others (mode ${octal}) and may hold a password, so it is refused`,
      `run chmod 600 ${file}`,
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw usageError(`cannot read config file ${file}: ${isErrno(error) ? (error.code ?? error.message) : String(error)}`, hint);
  }
  // Editors on Windows save a byte-order mark, which `ini` would read as part of the first section name.
  const parsed = parseIni(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  const maxctrl = section(parsed.maxctrl);
  const sesstop = section(parsed.sesstop);
  if (maxctrl === null && sesstop === null) {
    throw usageError(`config file ${file} has neither a [maxctrl] nor a [sesstop] section`, 'see the config file example in the README');
  }
  return { path: file, maxctrl: maxctrl ?? {}, sesstop: sesstop ?? {} };
}

function section(value: unknown): ConfigSection | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as ConfigSection) : null;
}

function isErrno(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
