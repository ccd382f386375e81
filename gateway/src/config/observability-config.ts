import type { z } from 'zod';
import { env } from '../../../platform/config.js';

/** What the gateway tells about itself: logs and, for debugging, the query plans. */
export interface ObservabilityConfig {
  logLevel: z.infer<ReturnType<typeof env.logLevel>>;
  /** Returns each request's plan in `extensions.queryPlan` (and `extensions.queryPlanText`). */
  exposeQueryPlan: boolean;
}

/**
 * The observability variables with their defaults. Span export is the OpenTelemetry SDK's own
 * business: `startTracing` reads `OTEL_EXPORTER_OTLP_ENDPOINT` and the exporter its `OTEL_*` variables.
 */
export const observabilityEnvShape = {
  LOG_LEVEL: env.logLevel(),
  QUERY_PLAN_DEBUG: env.boolean(false),
};

/** What `parseEnv(observabilityEnvShape)` returns. */
export type ObservabilityEnv = z.infer<z.ZodObject<typeof observabilityEnvShape>>;

/** The observability section from parsed variables. */
export function observabilityConfigFrom(parsed: ObservabilityEnv): ObservabilityConfig {
  return { logLevel: parsed.LOG_LEVEL, exposeQueryPlan: parsed.QUERY_PLAN_DEBUG };
}
