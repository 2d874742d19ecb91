import { expect } from 'vitest';
import { ApiError } from '../../../src/api/types.js';

/** Awaits a promise that must reject with an ApiError, and returns that error. */
export async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a failure');
}
