import { z } from 'zod';

/** The first segment of every key when REDIS_NAMESPACE is unset. */
export const DEFAULT_REDIS_NAMESPACE = 'hexagraph';

/**
 * The `REDIS_NAMESPACE` variable: the first segment of every key a stack writes, so that two
 * stacks (or test runs) on one Redis share nothing.
 */
export function redisNamespaceEnv() {
  return z
    .string()
    .regex(/^[\w.:{}-]{1,64}$/, 'must be 1 to 64 letters, digits or . _ : - { }')
    .default(DEFAULT_REDIS_NAMESPACE);
}
