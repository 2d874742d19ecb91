// The alternate screen: entered on start and left on every exit path with the cursor shown again.
export const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
export const LEAVE_ALT_SCREEN = '\x1b[?25h\x1b[?1049l';
/** Written on a size change: terminals that reflow or scroll on resize leave no debris. */
export const CLEAR_SCREEN = '\x1b[2J\x1b[H';

export interface AltScreen {
  /** Idempotent: restores the normal screen once. */
  restore(): void;
}

export function enterAltScreen(stdout: NodeJS.WritableStream): AltScreen {
  let active = true;
  stdout.write(ENTER_ALT_SCREEN);
  const restore = (): void => {
    if (!active) return;
    active = false;
    try {
      stdout.write(LEAVE_ALT_SCREEN);
    } catch {
      // The terminal is gone (SIGHUP): nothing left to restore.
    }
  };
  // Last resort if the process exits by a path we did not see.
  process.once('exit', restore);
  return {
    restore() {
      process.off('exit', restore);
      restore();
    },
  };
}
