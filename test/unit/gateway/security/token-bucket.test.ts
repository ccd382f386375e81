import { describe, expect, it } from 'vitest';
import { bucketRefillMs, takeToken } from '../../../../gateway/src/security/token-bucket.js';

const settings = { capacity: 3, refillPerSecond: 2 };

describe('takeToken', () => {
  it('starts full and allows a burst of `capacity` requests', () => {
    let state: ReturnType<typeof takeToken>['state'] | undefined;
    const outcomes = [1, 2, 3, 4].map(() => {
      const result = takeToken(state, 1_000, settings);
      state = result.state;
      return result.allowed;
    });
    expect(outcomes).toEqual([true, true, true, false]);
  });

  it('says how long until a token is back, rounded up to whole seconds', () => {
    const empty = { tokens: 0, updatedAtMs: 1_000 };
    expect(takeToken(empty, 1_000, settings)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(takeToken(empty, 1_000, { capacity: 3, refillPerSecond: 0.1 }).retryAfterSeconds).toBe(10);
  });

  it('refills continuously, never beyond capacity', () => {
    const empty = { tokens: 0, updatedAtMs: 1_000 };
    expect(takeToken(empty, 1_500, settings)).toMatchObject({ allowed: true, state: { tokens: 0 } });
    expect(takeToken(empty, 60_000, settings).state.tokens).toBe(2);
  });

  it('ignores a clock that went backwards', () => {
    const result = takeToken({ tokens: 1, updatedAtMs: 5_000 }, 4_000, settings);
    expect(result.state).toEqual({ tokens: 0, updatedAtMs: 5_000 });
  });

  it('knows when an untouched bucket is full again', () => {
    expect(bucketRefillMs(settings)).toBe(1_500);
  });
});
