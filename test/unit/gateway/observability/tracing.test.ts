import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { describe, expect, it } from 'vitest';
import {
  gatewayTracer,
  isTracingActive,
  startTracing,
} from '../../../../gateway/src/observability/tracing.js';

describe('startTracing', () => {
  it('registers nothing when no exporter is configured', async () => {
    const tracing = startTracing({ env: {} });

    expect(tracing.enabled).toBe(false);
    expect(isTracingActive()).toBe(false);
    expect(gatewayTracer().startSpan('noop').isRecording()).toBe(false);
    await tracing.shutdown();
  });

  it('records and exports spans once an exporter is given, flushing them on shutdown', async () => {
    const exported: string[] = [];
    const exporter: SpanExporter = {
      export: (spans: ReadableSpan[], done) => {
        exported.push(...spans.map((span) => span.name));
        done({ code: 0 });
      },
      shutdown: async () => undefined,
    };
    const tracing = startTracing({ exporter });

    const activeWhileRunning = isTracingActive();
    gatewayTracer().startSpan('fetch pricing').end();
    await tracing.shutdown();

    expect(tracing.enabled).toBe(true);
    expect(activeWhileRunning).toBe(true);
    expect(isTracingActive()).toBe(false);
    expect(exported).toEqual(['fetch pricing']);
  });
});
