// Public surface of the REST client for the UI and the command.
export * from './types.js';
export { createClient, DEFAULT_MAX_BODY_BYTES, DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT_MS } from './client.js';
export { createPool, DEFAULT_POOL_DEADLINE_MS, type SessionPool } from './pool.js';
export { safeCloseSession, identityChanges, type CloseOutcome } from './safe-close.js';
export { describeError, oneLine } from './errors.js';
export { parseTarget, DEFAULT_PORT, type ParsedTarget } from './target.js';
