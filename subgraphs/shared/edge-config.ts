import { SHUTDOWN_ENV } from '../../platform/shutdown.js';

/**
 * The variables every subgraph reads about its edge (how it stops); spread into its `parseEnv`
 * shape beside STORAGE_ENV.
 */
export const EDGE_ENV = {
  ...SHUTDOWN_ENV,
};

/** A subgraph's edge: how long its requests in flight get on SIGTERM/SIGINT. */
export interface EdgeSettings {
  shutdownGraceMs: number;
}

/** The edge settings from a parsed config holding EDGE_ENV. */
export function edgeSettingsFrom(config: { SHUTDOWN_GRACE_MS: number }): EdgeSettings {
  return { shutdownGraceMs: config.SHUTDOWN_GRACE_MS };
}
