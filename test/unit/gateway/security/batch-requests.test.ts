import { describe, expect, it } from 'vitest';
import { checkBatch } from '../../../../gateway/src/security/batch-requests.js';

describe('checkBatch', () => {
  const operation = { query: '{ tags }' };

  it('refuses every batch when batching is off', () => {
    const refusal = checkBatch([operation], 0);
    expect(refusal?.status).toBe(400);
    expect(refusal?.error.extensions).toMatchObject({ code: 'BATCH_TOO_LARGE', limit: 0, measured: 1 });
    expect(refusal?.error.message).toContain('does not accept batches');
  });

  it('answers an array of 10,000 operations from its length alone', () => {
    const body = Array.from({ length: 10_000 }, () => operation);
    expect(checkBatch(body, 10)?.error.extensions).toMatchObject({ limit: 10, measured: 10_000 });
  });

  it('accepts batches up to the limit and single operations', () => {
    expect(checkBatch([operation, operation], 2)).toBeUndefined();
    expect(checkBatch(operation, 0)).toBeUndefined();
  });
});
