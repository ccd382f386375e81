import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import type { Logger } from 'pino';
import type { ExecutionHooks } from '../executor/execution-state.js';

/** What one client request did, filled in as it runs, for its access log line. */
export interface RequestRecord {
  operationName: string | undefined;
  /** Apollo Server's hash of the operation text (sha256 hex), as the plan cache keys it. */
  operationHash: string | undefined;
  /** Subgraph calls made for it (each with its retries counts once). */
  subgraphRequests: number;
  /** `extensions.code` of every error in its response, or of its refusal. */
  errorCodes: string[];
}

/** A record for a request that has just arrived. */
export function newRequestRecord(): RequestRecord {
  return { operationName: undefined, operationHash: undefined, subgraphRequests: 0, errorCodes: [] };
}

/** The executor's hooks for one request: each subgraph call is counted in its record, then passed on. */
export function countSubgraphRequests(
  record: RequestRecord,
  hooks: ExecutionHooks | undefined,
): ExecutionHooks {
  return {
    onFetch(info) {
      record.subgraphRequests += 1;
      hooks?.onFetch?.(info);
    },
  };
}

/**
 * The `extensions.code` of each error in a GraphQL response body: for the refusals Apollo Server
 * answers before any plugin runs (CSRF prevention, a malformed request), read only on that path.
 */
export function errorCodesOfBody(body: string): string[] {
  try {
    const errors = (JSON.parse(body) as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) return [];
    return errors.map((error: { extensions?: { code?: unknown } } | null) => {
      const code = error?.extensions?.code;
      return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
    });
  } catch {
    return [];
  }
}

/** How many requests get an access log line. */
export interface AccessLogSettings {
  /** Share of requests logged, 0 to 1; failed ones (HTTP >= 400 or any error) are always logged. */
  sampleRate: number;
}

/** One finished request, as the HTTP host saw it. */
export interface FinishedRequest {
  requestId: string;
  method: string;
  status: number;
  durationMs: number;
  record: RequestRecord;
}

/**
 * One JSON line per client request at `info`: request id, operation name and hash, HTTP status,
 * duration, subgraph requests and error codes. Nothing is built unless the line is written: a
 * request not sampled, or a level above `info`, costs a comparison.
 */
export class AccessLog {
  constructor(
    private readonly log: Logger,
    private readonly settings: AccessLogSettings,
    private readonly random: () => number = Math.random,
  ) {}

  write(request: FinishedRequest): void {
    const failed = request.status >= 400 || request.record.errorCodes.length > 0;
    if (!failed && !(this.settings.sampleRate >= 1 || this.random() < this.settings.sampleRate)) return;
    if (!this.log.isLevelEnabled('info')) return;
    const { record } = request;
    this.log.info(
      {
        requestId: request.requestId,
        method: request.method,
        operationName: record.operationName ?? null,
        operationHash: record.operationHash ?? null,
        status: request.status,
        durationMs: Math.round(request.durationMs * 10) / 10,
        subgraphRequests: record.subgraphRequests,
        errorCodes: record.errorCodes,
      },
      'request',
    );
  }
}

/**
 * Fills the request's record from Apollo Server: the operation's name and hash, and the codes of
 * the errors in the response. The context must carry the record (`RequestContext.record`).
 */
export function accessLogPlugin<
  TContext extends BaseContext & { record?: RequestRecord },
>(): ApolloServerPlugin<TContext> {
  // The listener keeps nothing of its own between hooks: one serves every request.
  const listener: GraphQLRequestListener<TContext> = {
    async willSendResponse({ contextValue, operationName, request, queryHash, response }) {
      const record = contextValue.record;
      if (!record) return;
      record.operationName = operationName ?? request.operationName ?? undefined;
      record.operationHash = queryHash;
      const result =
        response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
      for (const error of result.errors ?? []) {
        const code = error.extensions?.code;
        record.errorCodes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
      }
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
