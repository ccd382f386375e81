import { z } from 'zod';
import { env, parseEnv } from '../../platform/config.js';
import { STORAGE_ENV } from '../shared/storage-config.js';

/** Default port of the product subgraph. */
export const PRODUCT_DEFAULT_PORT = 4001;

/** Settings of the product subgraph, read from the environment and validated. */
export function loadProductConfig(source: Record<string, string | undefined> = process.env) {
  return parseEnv(
    {
      PORT: env.port(PRODUCT_DEFAULT_PORT),
      HOST: z.string().trim().min(1, 'must not be blank').default('0.0.0.0'),
      ...STORAGE_ENV,
      LOG_LEVEL: env.logLevel(),
      NODE_ENV: env.nodeEnv(),
    },
    source,
  );
}

/** The validated settings. */
export type ProductConfig = ReturnType<typeof loadProductConfig>;
