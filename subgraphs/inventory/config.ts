import { z } from 'zod';
import { env, parseEnv } from '../../platform/config.js';
import { EDGE_ENV } from '../shared/edge-config.js';
import { STORAGE_ENV } from '../shared/storage-config.js';

/** Port the inventory subgraph listens on unless PORT says otherwise. */
export const INVENTORY_DEFAULT_PORT = 4002;

/** Reads PORT, HOST, the storage and edge variables, LOG_LEVEL and NODE_ENV; throws ConfigError naming every bad one. */
export function loadInventoryConfig(source: Record<string, string | undefined> = process.env) {
  return parseEnv(
    {
      PORT: env.port(INVENTORY_DEFAULT_PORT),
      HOST: z.string().trim().min(1, 'must not be blank').default('0.0.0.0'),
      ...STORAGE_ENV,
      ...EDGE_ENV,
      LOG_LEVEL: env.logLevel(),
      NODE_ENV: env.nodeEnv(),
    },
    source,
  );
}

/** The inventory subgraph's settings, keyed by their environment variable names. */
export type InventoryConfig = ReturnType<typeof loadInventoryConfig>;
