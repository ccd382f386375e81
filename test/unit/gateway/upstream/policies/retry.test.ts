import { describe, expect, it } from 'vitest';
import { callRetry } from '../../../../../gateway/src/upstream/policies/retry.js';
import { RetryBudget } from '../../../../../gateway/src/upstream/retry-budget.js';
import { UpstreamError } from '../../../../../gateway/src/upstream/subgraph-client.js';

const unavailable = () => new UpstreamError('SUBREQUEST_HTTP_ERROR', '503', 'pricing', { httpStatus: 503 });

async function delaysWith(random: number, attempts: number, settings = { base: 100, max: 1_000 }) {
  const policy = callRetry({
    settings: { retryMaxAttempts: attempts, retryBaseDelayMs: settings.base, retryMaxDelayMs: settings.max },
    budget: new RetryBudget(1, 100),
    operationKind: 'query',
    deadline: undefined,
    random: () => random,
  });
  const delays: number[] = [];
  policy.onRetry((event) => delays.push(event.delay));
  await policy
    .execute(() => {
      throw unavailable();
    })
    .catch(() => undefined);
  return delays;
}

describe('callRetry backoff', () => {
  it('draws each delay below a ceiling that doubles per retry (full jitter)', async () => {
    // random() just under 1 shows each ceiling; 0 shows the floor.
    expect(await delaysWith(0.0099, 3)).toEqual([0, 1, 3]);
    expect(await delaysWith(0, 3)).toEqual([0, 0, 0]);
  });

  it('never lets the ceiling pass the maximum delay', async () => {
    expect(await delaysWith(0.999, 6, { base: 1, max: 8 })).toEqual([0, 1, 3, 7, 7, 7]);
  });
});

describe('callRetry budget', () => {
  it('stops retrying when the shared budget has no token left', async () => {
    const budget = new RetryBudget(0, 1);
    const policy = callRetry({
      settings: { retryMaxAttempts: 5, retryBaseDelayMs: 1, retryMaxDelayMs: 1 },
      budget,
      operationKind: 'query',
      deadline: undefined,
      random: () => 0,
    });
    let attempts = 0;

    await policy
      .execute(() => {
        attempts += 1;
        throw unavailable();
      })
      .catch(() => undefined);

    expect(attempts).toBe(2);
    expect(budget.available).toBe(0);
  });
});
