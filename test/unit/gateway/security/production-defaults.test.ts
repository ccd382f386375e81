import { describe, expect, it } from 'vitest';
import { productionDefaults } from '../../../../gateway/src/security/production-defaults.js';

const base = { MAX_BODY_BYTES: 1_000_000, BODY_TIMEOUT_MS: 10_000 };

describe('productionDefaults', () => {
  it('turns off introspection, the landing page, stack traces and internal messages in production', () => {
    expect(productionDefaults({ ...base, NODE_ENV: 'production' })).toEqual({
      production: true,
      introspection: false,
      includeStacktraceInErrorResponses: false,
      maskInternalErrors: true,
      hideSchemaDetailsFromClientErrors: true,
      csrfPrevention: true,
      landingPage: { mode: 'off', sandboxTelemetry: false },
      maxBodyBytes: 1_000_000,
      bodyTimeoutMs: 10_000,
    });
  });

  it('keeps development conveniences outside production, with CSRF prevention and body limits on', () => {
    expect(productionDefaults({ ...base, NODE_ENV: 'development' })).toMatchObject({
      introspection: true,
      includeStacktraceInErrorResponses: true,
      maskInternalErrors: false,
      landingPage: { mode: 'sandbox', sandboxTelemetry: false },
      csrfPrevention: true,
      maxBodyBytes: 1_000_000,
    });
  });

  it('lets introspection, the landing page and Sandbox telemetry be switched explicitly', () => {
    const settings = productionDefaults({
      ...base,
      NODE_ENV: 'production',
      INTROSPECTION: true,
      LANDING_PAGE: 'local',
      SANDBOX_TELEMETRY: true,
    });
    expect(settings).toMatchObject({
      introspection: true,
      landingPage: { mode: 'local', sandboxTelemetry: true },
      maskInternalErrors: true,
    });
    expect(
      productionDefaults({ ...base, NODE_ENV: 'development', LANDING_PAGE: 'off' }).landingPage.mode,
    ).toBe('off');
    expect(productionDefaults({ ...base, NODE_ENV: 'test', INTROSPECTION: false }).introspection).toBe(false);
  });
});
