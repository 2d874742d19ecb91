// A session's idle time and age as of any moment. The server tells them as of its answer
// (`polledAt`); the screen shows them as of now. Each session carries its own poll time, so a
// session kept from an earlier poll (its host down, or its values unchanged and reused) still
// shows the right time. Pure.
import type { Session } from './model.js';

/** Seconds from the session's poll to `nowMs` (never negative: clocks step back). */
export function secondsSincePoll(s: Session, nowMs: number): number {
  return nowMs > s.polledAt ? (nowMs - s.polledAt) / 1000 : 0;
}

/** Idle seconds at `nowMs`; null when the server did not say. */
export function idleAt(s: Session, nowMs: number): number | null {
  return s.idle === null ? null : s.idle + secondsSincePoll(s, nowMs);
}

/** `seconds_alive` at `nowMs`, when the server sends it. */
export function aliveAt(s: Session, nowMs: number): number | undefined {
  return s.secondsAlive === undefined ? undefined : s.secondsAlive + secondsSincePoll(s, nowMs);
}

/**
 * When the session went idle, in ms on the local clock: what sorting by idle compares (a larger
 * idle is an earlier moment), the same whichever poll each session came from.
 */
export function idleSinceMs(s: Session): number | null {
  return s.idle === null ? null : s.polledAt - s.idle * 1000;
}

const tenths = (n: number): number => Math.round(n * 10) / 10;
const millis = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * The session with its idle time and age advanced to `atMs` (idle to 0.1 s, MaxScale's own
 * resolution; age to 1 ms), for output that states one time for all its sessions. The same
 * object when there is nothing to advance.
 */
export function sessionAsOf(s: Session, atMs: number): Session {
  if (atMs <= s.polledAt) return s;
  const idle = s.idle === null ? null : tenths(idleAt(s, atMs) as number);
  const secondsAlive = s.secondsAlive === undefined ? undefined : millis(aliveAt(s, atMs) as number);
  return { ...s, idle, secondsAlive, polledAt: atMs };
}
