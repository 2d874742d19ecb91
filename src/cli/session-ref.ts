// Session references given to `sesstop close`: `17`, `HOST:PORT:17`, `HOST:17`, `HOST#17`
// (the `#` form is how sesstop keys sessions: target#id).
import { parseTarget } from '../api/target.js';
import { ApiError } from '../api/types.js';
import { usageError } from './errors.js';

export interface SessionRef {
  /** The host named in the reference, or null for a bare id (looked up on every host). */
  target: string | null;
  id: number;
  /** As the user typed it, for messages. */
  text: string;
}

const HINT = 'give a session id (17), or HOST:PORT:ID / HOST#ID to pick the host';

export function parseSessionRef(text: string): SessionRef {
  const t = text.trim();
  const cut = t.includes('#') ? t.lastIndexOf('#') : t.lastIndexOf(':');
  const idText = cut < 0 ? t : t.slice(cut + 1);
  const target = cut < 0 ? null : t.slice(0, cut);
  const shown = JSON.stringify(t.replace(/[^\x20-\x7e]/g, '?').slice(0, 80));
  if (!/^\d{1,15}$/.test(idText) || Number(idText) < 1) {
    throw usageError(`${shown} is not a session id: ids are whole numbers from 1`, HINT);
  }
  if (target !== null) {
    try {
      parseTarget(target);
    } catch (error) {
      throw usageError(`${shown}: ${error instanceof ApiError ? error.message : String(error)}`, HINT);
    }
  }
  return { target, id: Number(idText), text: t };
}

/** Whether two host names reach the same REST API (`127.0.0.1` and `127.0.0.1:8989` do). */
export function sameTarget(a: string, b: string, secure: boolean): boolean {
  try {
    const pa = parseTarget(a, secure);
    const pb = parseTarget(b, secure);
    return pa.origin === pb.origin && pa.basePath === pb.basePath;
  } catch {
    return a === b;
  }
}
