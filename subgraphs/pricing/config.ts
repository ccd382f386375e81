import { z } from 'zod';
import { env, parseEnv } from '../../platform/config.js';
import { EDGE_ENV } from '../shared/edge-config.js';
import { EVENTS_ENV } from '../shared/events-config.js';
import { STORAGE_ENV } from '../shared/storage-config.js';

/** Port the pricing subgraph listens on unless PORT says otherwise. */
export const PRICING_DEFAULT_PORT = 4003;

/** Reads PORT, HOST, the storage, event and edge variables, LOG_LEVEL and NODE_ENV; throws ConfigError naming every bad one. */
export function loadPricingConfig(source: Record<string, string | undefined> = process.env) {
  return parseEnv(
    {
      PORT: env.port(PRICING_DEFAULT_PORT),
      HOST: z.string().trim().min(1, 'must not be blank').default('0.0.0.0'),
      ...STORAGE_ENV,
      ...EVENTS_ENV,
      ...EDGE_ENV,
      LOG_LEVEL: env.logLevel(),
      NODE_ENV: env.nodeEnv(),
    },
    source,
  );
}

/** The pricing subgraph's settings, keyed by their environment variable names. */
export type PricingConfig = ReturnType<typeof loadPricingConfig>;
