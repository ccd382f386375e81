import { performance } from 'node:perf_hooks';
import { type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { CIRCUIT_OPEN, GATEWAY_TIMEOUT, INTERNAL_SERVER_ERROR } from '../errors.js';
import type { GatewayMetrics } from '../observability/gateway-metrics.js';
import { parentContext, traceparentOf } from '../observability/trace-context.js';
import { gatewayTracer, isTracingActive } from '../observability/tracing.js';
import { toUpstreamError } from './failure-kinds.js';
import type { AttemptSignal } from './policies/attempt-timeout.js';
import { raceAbort } from './race-abort.js';
import type {
  CallSignal,
  SubgraphCallContext,
  SubgraphClient,
  SubgraphRequest,
  SubgraphResponse,
  SubgraphTransport,
} from './subgraph-client.js';
import { UpstreamError } from './subgraph-client.js';
import type { SubgraphPolicy } from './subgraph-policy.js';
import { abortedCall } from './transport-error.js';

/** Where a resilient client reports what happens. */
export interface UpstreamObservers {
  log: Logger;
  metrics?: GatewayMetrics;
  tracer?: Tracer;
}

/**
 * A SubgraphClient that runs every call of the `transport` under its subgraph's policies, bound
 * by the call's signal (which the request deadline aborts), and records a span, a fetch metric and, on failure, a log line with the
 * HTTP status and the first bytes of the body. Every rejection is an UpstreamError.
 */
export class ResilientSubgraphClient implements SubgraphClient {
  private readonly tracer: Tracer;

  constructor(
    private readonly transport: SubgraphTransport,
    private readonly policies: ReadonlyMap<string, SubgraphPolicy>,
    private readonly observers: UpstreamObservers,
  ) {
    this.tracer = observers.tracer ?? gatewayTracer();
  }

  /** Spans cost a parsed traceparent, a context and attributes per call: only when they record. */
  private recordsSpans(): boolean {
    return this.observers.tracer !== undefined || isTracingActive();
  }

  private startSpan(subgraph: string, request: SubgraphRequest, context: SubgraphCallContext): Span {
    return this.tracer.startSpan(
      `fetch ${subgraph}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'hexagraph.subgraph': subgraph,
          'graphql.operation.type': context.operationKind,
          ...(request.operationName ? { 'graphql.operation.name': request.operationName } : {}),
        },
      },
      parentContext(context.traceparent),
    );
  }

  async call(
    subgraph: string,
    request: SubgraphRequest,
    context: SubgraphCallContext,
  ): Promise<SubgraphResponse> {
    const policy = this.policies.get(subgraph);
    if (!policy) {
      throw new UpstreamError(
        INTERNAL_SERVER_ERROR.code,
        `No subgraph named '${subgraph}' is configured (known: ${[...this.policies.keys()].join(', ')}).`,
        subgraph,
      );
    }
    const started = performance.now();
    const span = this.recordsSpans() ? this.startSpan(subgraph, request, context) : undefined;
    const traceparent = (span && traceparentOf(span.spanContext())) ?? context.traceparent;
    const callContext = traceparent === context.traceparent ? context : { ...context, traceparent };
    const { signal } = context;
    const log = () => this.observers.log.child({ requestId: context.requestId, subgraph });
    try {
      const run = policy.execute(
        {
          operationKind: context.operationKind,
          signal,
          deadline: context.deadline,
          onRetry: ({ error, delayMs, attempt }) => {
            const failure = toUpstreamError(subgraph, error, signal);
            this.observers.metrics?.countRetry(subgraph, failure.code);
            span?.addEvent('retry', { attempt, 'hexagraph.error.code': failure.code, delay_ms: delayMs });
            log().warn({ ...failureFields(failure), attempt, delayMs }, 'subgraph call failed; retrying');
          },
        },
        (attemptSignal, attempt) =>
          this.attempt(policy, request, callContext, signal, attemptSignal, attempt),
      );
      const response = await raceAbort(run, signal, () => abortedCall(subgraph, signal));
      this.finish(span, subgraph, 'ok', started);
      return response;
    } catch (caught) {
      const error = toUpstreamError(subgraph, caught, signal);
      this.finish(span, subgraph, error.code, started, error);
      // A breaker failing fast would flood the log at full traffic: one line when it opens is enough.
      const level = error.code === CIRCUIT_OPEN.code ? 'debug' : 'warn';
      log()[level](
        { ...failureFields(error), durationMs: Math.round(performance.now() - started) },
        'subgraph call failed',
      );
      throw error;
    }
  }

  /**
   * One attempt through the transport. `attemptSignal` aborts on the attempt timeout or with the
   * call's signal; which of the two fired decides between GATEWAY_TIMEOUT and DEADLINE_EXCEEDED.
   */
  private async attempt(
    policy: SubgraphPolicy,
    request: SubgraphRequest,
    context: SubgraphCallContext,
    callSignal: CallSignal,
    attemptSignal: AttemptSignal,
    attempt: number,
  ): Promise<SubgraphResponse> {
    const { subgraph, settings } = policy;
    if (callSignal.aborted) throw abortedCall(subgraph, callSignal);
    const attemptDeadline = Math.min(
      context.deadline ?? Number.POSITIVE_INFINITY,
      Date.now() + settings.timeoutMs,
    );
    try {
      return await this.transport.call(subgraph, request, {
        ...context,
        signal: attemptSignal,
        deadline: attemptDeadline,
      });
    } catch (error) {
      if (callSignal.aborted) throw abortedCall(subgraph, callSignal);
      if (attemptSignal.aborted) {
        throw new UpstreamError(
          GATEWAY_TIMEOUT.code,
          `Subgraph '${subgraph}' did not answer within its ${settings.timeoutMs} ms timeout (attempt ${attempt + 1}).`,
          subgraph,
          { cause: error },
        );
      }
      throw error;
    }
  }

  private finish(
    span: Span | undefined,
    subgraph: string,
    outcome: string,
    started: number,
    error?: UpstreamError,
  ): void {
    this.observers.metrics?.observeFetch(subgraph, outcome, (performance.now() - started) / 1000);
    if (!span) return;
    if (error) {
      span.setAttribute('hexagraph.error.code', error.code);
      if (error.details.httpStatus !== undefined)
        span.setAttribute('http.response.status_code', error.details.httpStatus);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    } else {
      span.setStatus({ code: SpanStatusCode.OK });
    }
    span.end();
  }
}

/** What a log line about a failed call says: code, HTTP status and the first bytes of the body. */
function failureFields(error: UpstreamError): Record<string, unknown> {
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return {
    code: error.code,
    error: error.message,
    ...(error.details.httpStatus !== undefined ? { httpStatus: error.details.httpStatus } : {}),
    ...(error.details.bodySnippet !== undefined ? { body: error.details.bodySnippet } : {}),
    ...(cause !== undefined && cause !== error.message ? { cause } : {}),
  };
}
