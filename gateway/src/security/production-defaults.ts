/** The settings of the process's environment that `NODE_ENV` decides unless set explicitly. */
export interface ProductionDefaultsInput {
  NODE_ENV: 'development' | 'production' | 'test';
  /** Unset: on outside production. */
  INTROSPECTION?: boolean;
  /** Unset: `sandbox` outside production, `off` in production. */
  LANDING_PAGE?: LandingPageMode;
  /** Unset: off. */
  SANDBOX_TELEMETRY?: boolean;
  MAX_BODY_BYTES: number;
  BODY_TIMEOUT_MS: number;
}

/**
 * What a browser opening the GraphQL endpoint gets: Apollo Sandbox, falling back to the local
 * explorer when the browser cannot load it (`sandbox`); the local explorer only (`local`); or no
 * page at all (`off`).
 */
export type LandingPageMode = 'sandbox' | 'local' | 'off';

/** The landing page and what Apollo Sandbox may do from it. */
export interface LandingPageSettings {
  mode: LandingPageMode;
  /** Lets Apollo Sandbox send usage telemetry to Apollo; off unless asked for. */
  sandboxTelemetry: boolean;
}

/** How the gateway's Apollo Server and HTTP layer are hardened. */
export interface ProductionSettings {
  production: boolean;
  /** Apollo Server `introspection`. */
  introspection: boolean;
  /** Apollo Server `includeStacktraceInErrorResponses`. */
  includeStacktraceInErrorResponses: boolean;
  /** Unexpected errors answered as `Internal server error (id: ...)` (see `errorMasking`). */
  maskInternalErrors: boolean;
  /** Apollo Server `hideSchemaDetailsFromClientErrors`: no "did you mean" field suggestions. */
  hideSchemaDetailsFromClientErrors: boolean;
  /** Apollo Server `csrfPrevention`: always on. */
  csrfPrevention: true;
  /** The page served on GET with `Accept: text/html`, and the explorer assets behind it. */
  landingPage: LandingPageSettings;
  /** Largest request body read; larger ones get HTTP 413 (from Content-Length or while reading). */
  maxBodyBytes: number;
  /** Longest time to receive a body; a slower client gets HTTP 408. */
  bodyTimeoutMs: number;
}

/**
 * The hardening that follows from `NODE_ENV`: in production, introspection, the landing page,
 * stack traces, internal error messages and schema hints in errors are off (the first two can be
 * switched back on explicitly); CSRF prevention and the body limits apply everywhere.
 */
export function productionDefaults(config: ProductionDefaultsInput): ProductionSettings {
  const production = config.NODE_ENV === 'production';
  return {
    production,
    introspection: config.INTROSPECTION ?? !production,
    includeStacktraceInErrorResponses: !production,
    maskInternalErrors: production,
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    landingPage: {
      mode: config.LANDING_PAGE ?? (production ? 'off' : 'sandbox'),
      sandboxTelemetry: config.SANDBOX_TELEMETRY ?? false,
    },
    maxBodyBytes: config.MAX_BODY_BYTES,
    bodyTimeoutMs: config.BODY_TIMEOUT_MS,
  };
}
