#!/usr/bin/env node
// The `sesstop` executable. NODE_ENV must be set before React loads (production React is much
// faster and quieter), so everything else is imported dynamically after it.
// Unset or empty: production.
process.env.NODE_ENV ||= 'production';

const debug = process.env.SESSTOP_DEBUG === '1';

// Before any other code runs: a function's optimisation counter starts from the budget in force
// when it first runs (src/cli/heap.ts). Tuning only: never a reason to fail.
try {
  (await import('../src/cli/heap.js')).raiseOptimisationBudget();
} catch {
  // V8 without the flag: its defaults stand.
}

/** One line on stderr and the documented exit status, whatever went wrong and wherever. */
async function fail(error: unknown): Promise<number> {
  try {
    const { describeFailure } = await import('../src/cli/errors.js');
    const { line, exitCode } = describeFailure(error, debug);
    process.stderr.write(line + '\n');
    return exitCode;
  } catch {
    process.stderr.write(`sesstop: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 70;
  }
}

function exitAfterDrain(code: number): void {
  // Exit once stdout has drained (a pipe may still hold output), even if a socket lingers.
  process.stdout.write('', () => process.exit(code));
}

process.on('uncaughtException', (error) => void fail(error).then(exitAfterDrain));
process.on('unhandledRejection', (error) => void fail(error).then(exitAfterDrain));

async function run(): Promise<number> {
  try {
    const { main } = await import('../src/cli/main.js');
    return await main(process.argv.slice(2));
  } catch (error) {
    return fail(error);
  }
}

exitAfterDrain(await run());
