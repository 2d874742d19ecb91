// Line output that notices a closed pipe (`sesstop -b --iterations 0 | head`): after EPIPE,
// writing stops and the command ends quietly instead of crashing. Any other write failure (a full
// disk) ends the command with one line on stderr and exit 74, not as an internal error.
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

function outputFailed(name: string, error: NodeJS.ErrnoException): CliError {
  const why = error.code ? `${error.code}: ${error.message.replace(/^[A-Z]+: /, '')}` : error.message;
  return new CliError(`could not write to ${name} (${why}); check the disk or the file it goes to`, EXIT.output);
}

export class LineWriter {
  private brokenPipe = false;
  /** A write that failed after it was handed over (a pipe or socket): thrown at the next write. */
  private failed: CliError | null = null;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly name = 'standard output',
  ) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.brokenPipe = true;
      else this.failed ??= outputFailed(this.name, error);
    });
  }

  get broken(): boolean {
    return this.brokenPipe;
  }

  lines(lines: readonly string[]): void {
    if (this.failed) throw this.failed;
    if (this.brokenPipe || lines.length === 0) return;
    try {
      // A file (`> out.txt`) is written at once: its failures are thrown here.
      this.stream.write(lines.join('\n') + '\n');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') this.brokenPipe = true;
      else throw (this.failed = outputFailed(this.name, error as NodeJS.ErrnoException));
    }
  }

  line(text: string): void {
    this.lines([text]);
  }

  /** Resolves when everything written so far has been handed to the OS. */
  flush(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.brokenPipe) return Promise.resolve();
    return new Promise((resolve, reject) =>
      this.stream.write('', () => {
        if (this.failed) reject(this.failed);
        else resolve();
      }),
    );
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
