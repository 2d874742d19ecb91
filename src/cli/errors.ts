// Errors that end the command with a one-line message and a documented exit status.
import { ApiError } from '../api/types.js';
import { EXIT } from './exit-codes.js';
import { sanitize } from '../core/sanitize.js';

/** Longer than any message sesstop writes; a pasted megabyte is cut. */
const MAX_LINE = 2000;

export const HELP_HINT = 'see sesstop --help';

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A bad option, value or config file: exit 1 with `<problem> — <hint>`. */
export function usageError(problem: string, hint: string = HELP_HINT): CliError {
  return new CliError(`${problem} — ${hint}`, EXIT.usage);
}

/** The exit status for a failure reaching a MaxScale. */
export function exitCodeForApiError(error: ApiError): number {
  return error.kind === 'auth' || error.kind === 'forbidden' ? EXIT.auth : EXIT.unreachable;
}

/** One line for stderr, never a stack trace (SESSTOP_DEBUG=1 adds it). */
export function describeFailure(error: unknown, debug: boolean): { line: string; exitCode: number } {
  // A message may quote what the user typed (`--sort $'\e[2J'`): shown, never obeyed.
  if (error instanceof CliError) return { line: `sesstop: ${sanitize(error.message, MAX_LINE)}`, exitCode: error.exitCode };
  if (error instanceof ApiError) return { line: `sesstop: ${oneLine(error.message)}`, exitCode: exitCodeForApiError(error) };
  const detail = error instanceof Error ? error.message : String(error);
  const hint = debug ? '' : ' (SESSTOP_DEBUG=1 shows details)';
  const line = `sesstop: internal error: ${oneLine(detail)}${hint}`;
  return { line: debug && error instanceof Error && error.stack ? `${line}\n${error.stack}` : line, exitCode: EXIT.internal };
}

/** Collapses a message to one printable line (messages may quote server text). */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}
