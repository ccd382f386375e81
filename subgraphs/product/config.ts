import { z } from 'zod';
import { env, parseEnv } from '../../platform/config.js';
import { EDGE_ENV } from '../shared/edge-config.js';
import { STORAGE_ENV } from '../shared/storage-config.js';

/** Port the product subgraph listens on unless PORT says otherwise. */
export const PRODUCT_DEFAULT_PORT = 4001;

/** Reads PORT, HOST, the storage and edge variables, LOG_LEVEL and NODE_ENV; throws ConfigError naming every bad one. */
export function loadProductConfig(source: Record<string, string | undefined> = process.env) {
  return parseEnv(
    {
      PORT: env.port(PRODUCT_DEFAULT_PORT),
      HOST: z.string().trim().min(1, 'must not be blank').default('0.0.0.0'),
      ...STORAGE_ENV,
      ...EDGE_ENV,
      LOG_LEVEL: env.logLevel(),
      NODE_ENV: env.nodeEnv(),
    },
    source,
  );
}

/** The product subgraph's settings, keyed by their environment variable names. */
export type ProductConfig = ReturnType<typeof loadProductConfig>;
