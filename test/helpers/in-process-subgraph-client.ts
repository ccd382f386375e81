import { type GraphQLSchema, graphql } from 'graphql';
import type {
  SubgraphCallContext,
  SubgraphClient,
  SubgraphRequest,
  SubgraphResponse,
} from '../../gateway/src/upstream/subgraph-client.js';

/** One call the client received. */
export interface RecordedCall {
  readonly subgraph: string;
  readonly request: SubgraphRequest;
  readonly context: SubgraphCallContext;
}

/**
 * A SubgraphClient that executes subgraph schemas (e.g. `buildSubgraphSchema`) in-process with
 * graphql-js, records every call, and can be told to fail calls (e.g. with an UpstreamError).
 * Responses go through JSON, as they would over HTTP, and come back deeply frozen: the gateway
 * shares one answer between requests, so the executor must never change what a subgraph sent
 * (in these strict-mode modules a write to a frozen object throws).
 */
export class InProcessSubgraphClient implements SubgraphClient {
  readonly calls: RecordedCall[] = [];
  private failure: ((subgraph: string, request: SubgraphRequest) => Error | undefined) | undefined;

  constructor(private readonly schemas: Readonly<Record<string, GraphQLSchema>>) {}

  /** Makes calls fail with the error returned for them (undefined lets a call through). */
  failWhen(failure: ((subgraph: string, request: SubgraphRequest) => Error | undefined) | undefined): void {
    this.failure = failure;
  }

  /** Calls made to one subgraph. */
  callsTo(subgraph: string): RecordedCall[] {
    return this.calls.filter((call) => call.subgraph === subgraph);
  }

  async call(
    subgraph: string,
    request: SubgraphRequest,
    context: SubgraphCallContext,
  ): Promise<SubgraphResponse> {
    this.calls.push({ subgraph, request, context });
    const failure = this.failure?.(subgraph, request);
    if (failure) throw failure;
    const schema = this.schemas[subgraph];
    if (!schema) throw new Error(`No in-process subgraph named "${subgraph}".`);
    const result = await graphql({
      schema,
      source: request.query,
      variableValues: request.variables ?? {},
      operationName: request.operationName ?? null,
      contextValue: {},
    });
    return deepFreeze(JSON.parse(JSON.stringify(result))) as SubgraphResponse;
  }
}

/** Freezes a JSON value and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
