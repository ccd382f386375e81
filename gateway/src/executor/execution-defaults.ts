/**
 * Defaults of the executor's options, apart from the executor so that the settings that override
 * them load without it.
 */

/** Errors per failed subgraph call when the caller does not say. */
export const DEFAULT_ERRORS_PER_FAILED_CALL = 10;
