// Closing confirmed sessions: only through safeCloseSession (which re-reads each session and
// refuses a changed one), one at a time, each outcome sent to the audit hook.
import type { SessionPool } from '../api/pool.js';
import { safeCloseSession, type CloseOutcome } from '../api/safe-close.js';
import { ApiError } from '../api/types.js';
import type { Session } from '../core/model.js';
import { sanitize } from '../core/sanitize.js';
import { describeFailure } from './errors.js';
import type { Message } from './state.js';

export async function closeSessions(
  pool: SessionPool,
  confirmed: readonly Session[],
  onCloseOutcome?: (o: CloseOutcome) => Promise<void>,
): Promise<{ outcomes: CloseOutcome[]; auditErrors: string[] }> {
  const outcomes: CloseOutcome[] = [];
  const auditErrors: string[] = [];
  for (const seen of confirmed) {
    const client = pool.clientFor(seen.target);
    let outcome: CloseOutcome;
    if (!client) {
      const error = new ApiError('not-supported', seen.target, `no connection to ${seen.target}; session ${seen.id} was not closed`);
      outcome = { result: 'error', session: seen, message: error.message, error };
    } else {
      try {
        outcome = await safeCloseSession(client, seen);
      } catch (e) {
        outcome = { result: 'error', session: seen, message: describeFailure(e) };
      }
    }
    outcomes.push(outcome);
    if (onCloseOutcome) {
      try {
        await onCloseOutcome(outcome);
      } catch (e) {
        auditErrors.push(describeFailure(e));
      }
    }
  }
  return { outcomes, auditErrors };
}

/** The footer line for a batch of outcomes. */
export function summarizeOutcomes(outcomes: readonly CloseOutcome[], auditErrors: readonly string[]): Message {
  let text: string;
  const failed = outcomes.filter((o) => o.result === 'refused' || o.result === 'error');
  if (outcomes.length === 1) {
    text = sanitize(outcomes[0].message, 200);
  } else {
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(o.result, (counts.get(o.result) ?? 0) + 1);
    const parts = [...counts].map(([result, n]) => `${result} ${n}`);
    text = parts.join(', ') + (failed.length > 0 ? `; first problem: ${sanitize(failed[0].message, 150)}` : '');
  }
  if (auditErrors.length > 0) text += `; AUDIT LOG FAILED: ${sanitize(auditErrors[0], 120)}`;
  return { kind: failed.length > 0 || auditErrors.length > 0 ? 'error' : 'info', text };
}
