// One safe line for anything thrown at the UI.
import { sanitize } from '../core/sanitize.js';

export function describeFailure(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return sanitize(text, 200);
}
