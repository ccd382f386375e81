import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';

/** The settings of the process's environment that `NODE_ENV` decides unless set explicitly. */
export interface ProductionDefaultsInput {
  NODE_ENV: 'development' | 'production' | 'test';
  /** Unset: on outside production. */
  INTROSPECTION?: boolean;
  /** Unset: on outside production. */
  LANDING_PAGE?: boolean;
  MAX_BODY_BYTES: number;
  BODY_TIMEOUT_MS: number;
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
  /** Serve the Sandbox landing page on GET with `Accept: text/html`. */
  landingPage: boolean;
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
    landingPage: config.LANDING_PAGE ?? !production,
    maxBodyBytes: config.MAX_BODY_BYTES,
    bodyTimeoutMs: config.BODY_TIMEOUT_MS,
  };
}

/** The landing-page plugin to install: Apollo Sandbox when enabled, none otherwise. */
export function landingPagePlugin<TContext extends BaseContext>(
  settings: Pick<ProductionSettings, 'landingPage'>,
): ApolloServerPlugin<TContext> {
  return settings.landingPage
    ? ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false })
    : ApolloServerPluginLandingPageDisabled();
}
