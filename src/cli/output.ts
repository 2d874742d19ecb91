// Line output that notices a closed pipe (`sesstop -b --iterations 0 | head`): after EPIPE,
// writing stops and the command ends quietly instead of crashing.

export class LineWriter {
  private brokenPipe = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.brokenPipe = true;
      else throw error;
    });
  }

  get broken(): boolean {
    return this.brokenPipe;
  }

  lines(lines: readonly string[]): void {
    if (this.brokenPipe || lines.length === 0) return;
    this.stream.write(lines.join('\n') + '\n');
  }

  line(text: string): void {
    this.lines([text]);
  }

  /** Resolves when everything written so far has been handed to the OS. */
  flush(): Promise<void> {
    if (this.brokenPipe) return Promise.resolve();
    return new Promise((resolve) => this.stream.write('', () => resolve()));
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
