import type { z } from 'zod';
import { env } from '../../../platform/config.js';

/** How subscriptions are bounded: how many, how often a quiet stream is proven alive, how far a client may lag. */
export interface SubscriptionConfig {
  /** Most subscriptions one WebSocket connection holds at once; one more closes it with 4429. */
  maxPerConnection: number;
  /** Most subscriptions the gateway holds at once, over every transport; one more is refused. */
  maxTotal: number;
  /** Interval of WebSocket pings and of multipart heartbeats (`{}`); a WebSocket that misses a pong is cut. */
  heartbeatMs: number;
  /** Events waiting to be resolved for one subscription; a client further behind is dropped (4499). */
  maxPendingEvents: number;
  /** Bytes waiting to be sent to one client; a slower client is dropped (4499). */
  maxBufferedBytes: number;
  /** Reconnections to a subgraph that dropped a subscription before its subscribers are ended. */
  reconnectAttempts: number;
  /** First wait before reconnecting to a subgraph; doubled (with jitter) after each failed attempt. */
  reconnectBaseMs: number;
  /** Longest wait between reconnection attempts. */
  reconnectMaxMs: number;
}

/** The subscription variables with their defaults. */
export const subscriptionEnvShape = {
  SUBSCRIPTIONS_MAX_PER_CONNECTION: env.positiveInt(100),
  SUBSCRIPTIONS_MAX: env.positiveInt(10_000),
  SUBSCRIPTION_HEARTBEAT_MS: env.positiveInt(5_000),
  SUBSCRIPTION_MAX_PENDING_EVENTS: env.positiveInt(100),
  SUBSCRIPTION_MAX_BUFFERED_BYTES: env.positiveInt(1_048_576),
  SUBSCRIPTION_RECONNECT_ATTEMPTS: env.nonNegativeInt(10),
  SUBSCRIPTION_RECONNECT_BASE_MS: env.positiveInt(500),
  SUBSCRIPTION_RECONNECT_MAX_MS: env.positiveInt(10_000),
};

/** What `parseEnv(subscriptionEnvShape)` returns. */
export type SubscriptionEnv = z.infer<z.ZodObject<typeof subscriptionEnvShape>>;

/** The subscription section from parsed variables. */
export function subscriptionConfigFrom(parsed: SubscriptionEnv): SubscriptionConfig {
  return {
    maxPerConnection: parsed.SUBSCRIPTIONS_MAX_PER_CONNECTION,
    maxTotal: parsed.SUBSCRIPTIONS_MAX,
    heartbeatMs: parsed.SUBSCRIPTION_HEARTBEAT_MS,
    maxPendingEvents: parsed.SUBSCRIPTION_MAX_PENDING_EVENTS,
    maxBufferedBytes: parsed.SUBSCRIPTION_MAX_BUFFERED_BYTES,
    reconnectAttempts: parsed.SUBSCRIPTION_RECONNECT_ATTEMPTS,
    reconnectBaseMs: parsed.SUBSCRIPTION_RECONNECT_BASE_MS,
    reconnectMaxMs: Math.max(parsed.SUBSCRIPTION_RECONNECT_MAX_MS, parsed.SUBSCRIPTION_RECONNECT_BASE_MS),
  };
}
