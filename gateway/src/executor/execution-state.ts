import type { GraphQLError } from 'graphql';
import type { SubgraphCallContext, SubgraphClient } from '../upstream/subgraph-client.js';
import type { VariableValues } from './collect-fields.js';
import type { FailedCallErrors } from './failed-call-errors.js';
import type { MergedData } from './merge-data.js';

/** What a subgraph call reports to instrumentation. */
export interface FetchInfo {
  readonly subgraph: string;
  readonly durationMs: number;
  /** False when the call failed as a whole (no GraphQL response). */
  readonly ok: boolean;
  /** Representations asked for, for entity fetches (also when the call joined an identical one in flight). */
  readonly entityCount?: number;
}

/** Instrumentation the executor calls; none may throw. */
export interface ExecutionHooks {
  onFetch?(info: FetchInfo): void;
}

/** Per-request facts for subgraph calls, minus the operation kind (set per fetch). */
export type RequestCallContext = Omit<SubgraphCallContext, 'operationKind'>;

/** Everything one plan execution reads and writes. */
export interface ExecutionState {
  /** Data merged from every fetch so far, keyed by data keys; fetched objects are never changed. */
  readonly data: MergedData;
  /** Errors in the order they happened. */
  readonly errors: GraphQLError[];
  /**
   * Paths (see `pathKey`) whose data is missing for a reason already reported, e.g. a subgraph
   * nulled them with an error: a null found there or below is not reported again.
   */
  readonly silenced: Set<string>;
  /** Errors of failed subgraph calls, bounded per call. */
  readonly failures: FailedCallErrors;
  /** Variables as the client sent them: forwarded to subgraphs. */
  readonly rawVariables: Readonly<Record<string, unknown>>;
  /** Variables coerced against the operation (defaults applied): for conditions. */
  readonly variables: VariableValues;
  readonly client: SubgraphClient;
  readonly callContext: RequestCallContext;
  readonly hooks: ExecutionHooks | undefined;
  /** Most representations one subgraph request carries; larger batches go out as several requests. */
  readonly maxRepresentationsPerRequest: number;
}

/** The client variables a fetch declares, with the values the client sent. */
export function forwardedVariables(
  usages: readonly string[],
  raw: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const name of usages) {
    if (Object.hasOwn(raw, name) && raw[name] !== undefined) variables[name] = raw[name];
  }
  return variables;
}
