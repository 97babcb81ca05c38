import assert from 'node:assert/strict';
import { DistillError } from '../../../../src/core/errors.js';

/** The DistillError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<DistillError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DistillError, `not a DistillError: ${String(error)}`);
    return error;
  }
  assert.fail('expected a DistillError');
}
