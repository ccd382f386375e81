import { BATCH_TOO_LARGE } from '../errors.js';
import { limitError } from './limit-error.js';
import type { Refusal } from './refusal.js';

/**
 * Refuses a batched body (a JSON array of operations) holding more than `maxBatchSize` operations;
 * 0 refuses every batch. It looks at the array's length only, so an array of 10,000 operations is
 * answered at once, without reading any of them. Apollo Server must agree:
 * `allowBatchedHttpRequests: maxBatchSize > 0`.
 */
export function checkBatch(body: unknown, maxBatchSize: number): Refusal | undefined {
  if (!Array.isArray(body) || body.length <= maxBatchSize) return undefined;
  const message =
    maxBatchSize === 0
      ? `The body is a batch of ${body.length} operations, and this gateway does not accept batches: send one operation per request.`
      : `The body is a batch of ${body.length} operations; the limit is ${maxBatchSize}.`;
  return {
    status: 400,
    error: limitError(BATCH_TOO_LARGE, message, { limit: maxBatchSize, measured: body.length }),
  };
}
