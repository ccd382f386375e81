import { describe, expect, it } from 'vitest';
import {
  deadlineSettingsFromEnv,
  defaultSubgraphSettings,
  settingsForSubgraph,
  upstreamEnvShape,
  upstreamSettingsFromEnv,
  withDefaults,
} from '../../../../gateway/src/config/upstream-config.js';
import { ConfigError, parseEnv } from '../../../../platform/config.js';

function load(env: Record<string, string>) {
  return upstreamSettingsFromEnv(parseEnv(upstreamEnvShape, env), env);
}

function configIssues(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('upstream settings from the environment', () => {
  it('uses the defaults when nothing is set', () => {
    expect(load({})).toEqual({ ...defaultSubgraphSettings, subgraphs: {} });
  });

  it('reads a default for every subgraph from UPSTREAM_<SETTING>', () => {
    const settings = load({ UPSTREAM_TIMEOUT_MS: '750', UPSTREAM_BREAKER_FAILURE_RATE: '0.25' });

    expect(settings.timeoutMs).toBe(750);
    expect(settings.breakerFailureRate).toBe(0.25);
  });

  it('reads an override for one subgraph from UPSTREAM_<NAME>_<SETTING>', () => {
    const settings = load({
      UPSTREAM_TIMEOUT_MS: '750',
      UPSTREAM_PRICING_TIMEOUT_MS: '300',
      UPSTREAM_PRICING_CONNECT_TIMEOUT_MS: '100',
      UPSTREAM_PRICE_SVC_RETRY_MAX_ATTEMPTS: '0',
    });

    expect(settingsForSubgraph(settings, 'pricing')).toMatchObject({ timeoutMs: 300, connectTimeoutMs: 100 });
    expect(settingsForSubgraph(settings, 'price-svc')).toMatchObject({ timeoutMs: 750, retryMaxAttempts: 0 });
    expect(settingsForSubgraph(settings, 'inventory')).toMatchObject({
      timeoutMs: 750,
      connectTimeoutMs: 2_000,
    });
  });

  it('names every bad variable and its value', () => {
    const issues = configIssues(() =>
      load({
        UPSTREAM_TIMEOUT_MS: 'fast',
        UPSTREAM_PRICING_MAX_CONNECTIONS: '-1',
        UPSTREAM_PRICING_BREAKER_FAILURE_RATE: '1',
      }),
    );

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^UPSTREAM_TIMEOUT_MS: .*"fast"/);
    const overrideIssues = configIssues(() =>
      upstreamSettingsFromEnv(parseEnv(upstreamEnvShape, {}), {
        UPSTREAM_PRICING_MAX_CONNECTIONS: '-1',
        UPSTREAM_PRICING_BREAKER_FAILURE_RATE: '1',
      }),
    );
    expect(overrideIssues).toEqual([
      expect.stringMatching(/^UPSTREAM_PRICING_MAX_CONNECTIONS: .*"-1"/),
      expect.stringMatching(/^UPSTREAM_PRICING_BREAKER_FAILURE_RATE: .*"1"/),
    ]);
  });

  it('rejects an UPSTREAM_ variable that is no setting, so typos do not pass silently', () => {
    const issues = configIssues(() => load({ UPSTREAM_PRICING_TIMEOUT_SECONDS: '3' }));

    expect(issues).toEqual([
      expect.stringMatching(/^UPSTREAM_PRICING_TIMEOUT_SECONDS: not an upstream setting/),
    ]);
  });
});

describe('deadline settings from the environment', () => {
  it('defaults to 10 s, capped at 30 s', () => {
    expect(deadlineSettingsFromEnv(parseEnv(upstreamEnvShape, {}))).toEqual({
      defaultMs: 10_000,
      maxMs: 30_000,
    });
  });

  it('refuses a default above the cap', () => {
    const parsed = parseEnv(upstreamEnvShape, { REQUEST_TIMEOUT_MS: '40000' });

    expect(configIssues(() => deadlineSettingsFromEnv(parsed))).toEqual([
      expect.stringMatching(/^REQUEST_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MAX_MS/),
    ]);
  });
});

describe('withDefaults', () => {
  it('fills what code leaves out and keeps per-subgraph overrides by name', () => {
    const settings = withDefaults({ timeoutMs: 100, subgraphs: { Pricing: { timeoutMs: 50 } } });

    expect(settingsForSubgraph(settings, 'pricing').timeoutMs).toBe(50);
    expect(settingsForSubgraph(settings, 'products')).toEqual({ ...defaultSubgraphSettings, timeoutMs: 100 });
  });
});
