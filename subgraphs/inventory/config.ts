import { z } from 'zod';
import { env, parseEnv } from '../../platform/config.js';
import { STORAGE_ENV } from '../shared/storage-config.js';

/** The inventory service's settings, validated; an invalid variable throws a ConfigError naming it. */
export function loadInventoryConfig(variables: Record<string, string | undefined> = process.env) {
  return parseEnv(
    {
      PORT: env.port(4002),
      HOST: z.string().min(1, 'must not be empty').default('0.0.0.0'),
      ...STORAGE_ENV,
      LOG_LEVEL: env.logLevel(),
      NODE_ENV: env.nodeEnv(),
    },
    variables,
  );
}

/** The inventory service's settings. */
export type InventoryConfig = ReturnType<typeof loadInventoryConfig>;
