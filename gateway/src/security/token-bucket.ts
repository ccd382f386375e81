/** A token bucket: `capacity` requests at once, refilled continuously at `refillPerSecond`. */
export interface TokenBucketSettings {
  capacity: number;
  refillPerSecond: number;
}

/** A bucket as stored between requests. */
export interface BucketState {
  tokens: number;
  updatedAtMs: number;
}

/** The outcome of taking one token, and the bucket to store. */
export interface TakeResult {
  state: BucketState;
  allowed: boolean;
  /** Whole seconds until a token is back; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Takes one token from a bucket (a missing bucket is full). The Redis adapter runs the same
 * arithmetic in Lua; keep the two in step.
 */
export function takeToken(
  state: BucketState | undefined,
  nowMs: number,
  settings: TokenBucketSettings,
): TakeResult {
  let tokens = state?.tokens ?? settings.capacity;
  const updatedAtMs = Math.max(nowMs, state?.updatedAtMs ?? nowMs);
  if (state && nowMs > state.updatedAtMs) {
    tokens = Math.min(
      settings.capacity,
      tokens + ((nowMs - state.updatedAtMs) * settings.refillPerSecond) / 1000,
    );
  }
  if (tokens >= 1) {
    return { state: { tokens: tokens - 1, updatedAtMs }, allowed: true, retryAfterSeconds: 0 };
  }
  const waitMs = ((1 - tokens) * 1000) / settings.refillPerSecond;
  return {
    state: { tokens, updatedAtMs },
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
  };
}

/** How long an untouched bucket takes to fill up again: after that, forgetting it changes nothing. */
export function bucketRefillMs(settings: TokenBucketSettings): number {
  return Math.ceil((settings.capacity * 1000) / settings.refillPerSecond);
}
