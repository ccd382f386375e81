import {
  executeSync,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  getVariableValues,
  isInterfaceType,
} from 'graphql';
import { type NormalizedOperation, responseKeyOf } from '../planner/normalized-operation.js';
import type { FetchNode, FlattenNode, PlanNode, QueryPlan } from '../planner/query-plan.js';
import type { SubgraphClient, SubgraphResponse } from '../upstream/subgraph-client.js';
import { FieldCollector } from './collect-fields.js';
import { contextualFetches } from './context-arguments.js';
import { objectPathsAt, objectsAt, pathKey, type ResponsePath } from './data-path.js';
import { EntityLoaders } from './entity-loader.js';
import { DEFAULT_ERRORS_PER_FAILED_CALL } from './execution-defaults.js';
import {
  type ExecutionHooks,
  type ExecutionState,
  forwardedVariables,
  type RequestCallContext,
} from './execution-state.js';
import { FailedCallErrors } from './failed-call-errors.js';
import { type DataObject, isDataObject, MergedData } from './merge-data.js';
import type { InternedRepresentation } from './representation-interner.js';
import { restoredData } from './restore-keys.js';
import { ResponseShaper } from './shape-response.js';
import { downstreamError, errorsCarriedBy, requirementErrors } from './subgraph-errors.js';

/** Everything one execution needs: the plan, the operation it shapes the response by, and the request. */
export interface ExecuteQueryPlanOptions {
  readonly plan: QueryPlan;
  readonly operation: NormalizedOperation;
  /** Variables as the client sent them. */
  readonly variables?: Readonly<Record<string, unknown>> | null;
  readonly apiSchema: GraphQLSchema;
  readonly client: SubgraphClient;
  readonly context: RequestCallContext;
  readonly hooks?: ExecutionHooks;
  /** Errors reported for one failed subgraph call before the rest fold into one (default 10). */
  readonly errorsPerFailedCall?: number;
  /** Most representations one subgraph request carries (unbounded by default): larger batches are split. */
  readonly maxRepresentationsPerRequest?: number;
}

/** The response: `data` absent only when the request was rejected before execution (bad variables). */
export interface ExecutionOutcome {
  readonly data?: DataObject | null;
  readonly errors?: readonly GraphQLError[];
}

const collectors = new WeakMap<GraphQLSchema, FieldCollector>();
const interfaces = new WeakMap<GraphQLSchema, (name: string) => boolean>();

/** The schema's field collector, shared by every execution against it. */
export function fieldCollectorFor(schema: GraphQLSchema): FieldCollector {
  let collector = collectors.get(schema);
  if (!collector) {
    collector = new FieldCollector(schema);
    collectors.set(schema, collector);
  }
  return collector;
}

/** A cached test for interface names of a schema (`isInterfaceType` is an instanceof check). */
export function interfaceNames(schema: GraphQLSchema): (name: string) => boolean {
  let test = interfaces.get(schema);
  if (!test) {
    const names = new Set(
      Object.values(schema.getTypeMap())
        .filter((type) => isInterfaceType(type))
        .map((type) => type.name),
    );
    test = (name) => names.has(name);
    interfaces.set(schema, test);
  }
  return test;
}

/**
 * Runs a query plan: fetches (concurrently where the plan allows, entity fetches batched per
 * step), merges their data, then shapes the response from the client operation with GraphQL
 * null propagation. Subgraph failures become errors on the fields they own; nothing throws.
 */
export async function executeQueryPlan(options: ExecuteQueryPlanOptions): Promise<ExecutionOutcome> {
  const { operation, apiSchema } = options;
  const basis = executionBasis(options);
  if ('errors' in basis) return { errors: basis.errors };
  const state = executionState(options, basis, []);
  const loaders = new EntityLoaders(state);
  if (options.plan.node) await runNode(options.plan.node, state, loaders);
  if (operation.introspection) answerIntrospection(operation, apiSchema, basis.rawVariables, state);

  const shaper = new ResponseShaper(
    apiSchema,
    fieldCollectorFor(apiSchema),
    basis.variables,
    state.errors,
    state.silenced,
    state.data,
  );
  const data = shaper.shape(operation.rootType, operation.selections, state.data.root);
  // The execution's maps are old by now (they outlived the young collections of the fetches) and
  // dead, but an old object is only found dead by a full collection: until then, each young
  // collection would copy whatever they hold. Emptied, they hold nothing.
  loaders.clear();
  state.data.clear();
  return state.errors.length > 0 ? { data, errors: state.errors } : { data };
}

/** What every execution state of one request shares: its variables, data and silenced paths. */
export interface ExecutionBasis {
  /** Variables as the client sent them. */
  readonly rawVariables: Readonly<Record<string, unknown>>;
  /** Variables coerced against the operation, defaults applied. */
  readonly variables: Readonly<Record<string, unknown>>;
  readonly data: MergedData;
  readonly silenced: Set<string>;
}

/** The request's variables coerced against the operation and empty data, or the errors refusing the variables. */
export function executionBasis(
  options: ExecuteQueryPlanOptions,
): ExecutionBasis | { readonly errors: readonly GraphQLError[] } {
  const { operation, apiSchema } = options;
  const rawVariables = options.variables ?? {};
  let variables: Readonly<Record<string, unknown>> = {};
  if (operation.variableDefinitions.length > 0) {
    const coerced = getVariableValues(apiSchema, operation.variableDefinitions, rawVariables);
    if (coerced.errors) return { errors: coerced.errors };
    variables = coerced.coerced;
  }
  return { rawVariables, variables, data: new MergedData(interfaceNames(apiSchema)), silenced: new Set() };
}

/** An execution state over the request's basis, recording its errors in `errors`. */
export function executionState(
  options: ExecuteQueryPlanOptions,
  basis: ExecutionBasis,
  errors: GraphQLError[],
): ExecutionState {
  return {
    data: basis.data,
    errors,
    silenced: basis.silenced,
    failures: new FailedCallErrors(
      errors,
      basis.silenced,
      options.errorsPerFailedCall ?? DEFAULT_ERRORS_PER_FAILED_CALL,
    ),
    rawVariables: basis.rawVariables,
    variables: basis.variables,
    client: options.client,
    callContext: options.context,
    hooks: options.hooks,
    maxRepresentationsPerRequest: options.maxRepresentationsPerRequest ?? Number.POSITIVE_INFINITY,
  };
}

/** A plan node with nothing to run: what it stands for is already done. */
const DONE: Promise<void> = Promise.resolve();

/**
 * Runs a plan node. Not async itself: a fetch is its own async function, whose promise stands
 * for the node, so each fetch of a plan (most of its nodes) costs one suspended function, not two.
 */
export function runNode(node: PlanNode, state: ExecutionState, loaders: EntityLoaders): Promise<unknown> {
  switch (node.kind) {
    case 'Sequence':
      return runSequence(node.nodes, state, loaders);
    case 'Parallel':
    case 'Batch':
      // A Batch's entity fetches start in the same tick: the loaders send them as one request.
      return Promise.all(node.nodes.map((child) => runNode(child, state, loaders)));
    case 'Condition': {
      const branch = state.variables[node.condition] === true ? node.ifClause : node.elseClause;
      return branch ? runNode(branch, state, loaders) : DONE;
    }
    case 'Fetch':
      return isIncluded(node, state.variables) ? runRootFetch(node, state) : DONE;
    case 'Flatten':
      return isIncluded(node.node, state.variables) ? runEntityFetch(node, state, loaders) : DONE;
    default: {
      const unknown: never = node;
      return Promise.reject(new Error(`Unknown plan node ${JSON.stringify(unknown)}`));
    }
  }
}

async function runSequence(
  nodes: readonly PlanNode[],
  state: ExecutionState,
  loaders: EntityLoaders,
): Promise<void> {
  for (const node of nodes) await runNode(node, state, loaders);
}

/** False for a fetch whose every selection the variables exclude (see `FetchNode.includedWhen`). */
function isIncluded(fetch: FetchNode, variables: Readonly<Record<string, unknown>>): boolean {
  return (
    fetch.includedWhen === undefined ||
    fetch.includedWhen.some((conditions) =>
      conditions.every((condition) => (variables[condition.variable] === true) === condition.include),
    )
  );
}

async function runRootFetch(fetch: FetchNode, state: ExecutionState): Promise<void> {
  const started = performance.now();
  let response: SubgraphResponse;
  try {
    response = await state.client.call(
      fetch.serviceName,
      {
        query: fetch.operation,
        variables: forwardedVariables(fetch.variableUsages, state.rawVariables),
        ...(fetch.operationName && { operationName: fetch.operationName }),
      },
      { ...state.callContext, operationKind: fetch.operationKind },
    );
  } catch (error) {
    state.hooks?.onFetch?.({
      subgraph: fetch.serviceName,
      durationMs: performance.now() - started,
      ok: false,
    });
    for (const key of Object.values(fetch.fields).flat()) {
      state.failures.report(error, fetch.serviceName, [key]);
    }
    for (const carried of errorsCarriedBy(error))
      state.errors.push(downstreamError(carried, fetch.serviceName, undefined));
    return;
  }
  state.hooks?.onFetch?.({ subgraph: fetch.serviceName, durationMs: performance.now() - started, ok: true });
  for (const error of response.errors ?? [])
    reportError(state, fetch, error, error.path ? [...error.path] : undefined);
  if (isDataObject(response.data)) {
    const data = fetch.restoredKeys
      ? (restoredData(response.data, fetch.restoredKeys, state.data) as DataObject)
      : response.data;
    state.data.merge(state.data.root, data);
  } else if (response.errors && response.errors.length > 0) {
    // The subgraph nulled its whole response: each of this fetch's root fields is accounted for.
    // Silenced paths are response paths, as the shaper walks them (`__typename` aliases differ).
    for (const key of Object.values(fetch.fields).flat()) state.silenced.add(pathKey([responseKeyOf(key)]));
  }
}

async function runEntityFetch(
  flatten: FlattenNode,
  state: ExecutionState,
  loaders: EntityLoaders,
): Promise<void> {
  const fetch = flatten.node;
  const objects = objectsAt(state.data, flatten.path);
  if (objects.length === 0) return;
  // Fields taking arguments from a context go out with each object's values written in.
  const fetches = fetch.contextArguments ? contextualFetches(fetch, state.data, flatten.path) : undefined;
  // Each object's representation, by position (the same entity interned once per request), and
  // for a contextual fetch, the entities of each target fetch.
  const entries: (InternedRepresentation | undefined)[] = new Array(objects.length);
  const byTarget = fetches ? new Map<FetchNode, InternedRepresentation[]>() : undefined;
  let found = false;
  // Without context arguments, one interner serves every object: looked up once.
  const interner = fetches ? undefined : loaders.representations(fetch);
  for (let index = 0; index < objects.length; index += 1) {
    const target = fetches?.[index] ?? fetch;
    const interned = (interner ?? loaders.representations(target)).intern(objects[index] as DataObject);
    entries[index] = interned;
    if (!interned) continue;
    found = true;
    if (byTarget) {
      let list = byTarget.get(target);
      if (!list) {
        list = [];
        byTarget.set(target, list);
      }
      list.push(interned);
    }
  }
  if (!found) return;
  if (byTarget) await Promise.all([...byTarget].map(([target, list]) => loaders.load(target, list)));
  else await loaders.load(fetch, entries);
  mergeEntityResults(flatten, state, objects, entries);
}

/**
 * Merges what an entity fetch loaded into the objects it was for, and reports its errors at their
 * paths (computed only when there is an error to report). Kept apart from the awaiting function so
 * it is compiled on its own: a loop resumed inside an async function allocates per step.
 */
function mergeEntityResults(
  flatten: FlattenNode,
  state: ExecutionState,
  objects: readonly DataObject[],
  entries: readonly (InternedRepresentation | undefined)[],
): void {
  const fetch = flatten.node;
  let paths: ResponsePath[] | undefined;
  const pathOf = (index: number): ResponsePath => {
    paths ??= objectPathsAt(state.data, flatten.path);
    return paths[index] ?? [];
  };
  for (let index = 0; index < objects.length; index += 1) {
    const result = entries[index]?.result;
    // (Never a load in flight: the step waited for every entity it merges.)
    if (result === undefined || result instanceof Promise) continue;
    const object = objects[index] as DataObject;
    if (result instanceof Error) {
      for (const field of ownedFields(fetch, state.data.get(object, '__typename'))) {
        state.failures.report(result, fetch.serviceName, [...pathOf(index), field]);
      }
      continue;
    }
    if (result.entity) {
      const entity = fetch.restoredKeys
        ? (restoredData(result.entity, fetch.restoredKeys, state.data) as DataObject)
        : result.entity;
      state.data.merge(object, entity);
    }
    if (result.errors.length === 0) continue;
    if (!result.entity) state.silenced.add(pathKey(responsePath(pathOf(index))));
    for (const error of result.errors)
      reportError(state, fetch, error, [...pathOf(index), ...(error.path ?? [])]);
  }
}

/** A data path as the client's response path: data keys of `__typename` aliases become `__typename`. */
function responsePath(path: ResponsePath): ResponsePath {
  return path.map((segment) => (typeof segment === 'string' ? responseKeyOf(segment) : segment));
}

/** Records a subgraph error at its client path (on the fields that needed it, for a required field). */
function reportError(
  state: ExecutionState,
  fetch: FetchNode,
  error: GraphQLFormattedError,
  path: ResponsePath | undefined,
): void {
  const moved = path && requirementErrors(error, fetch.serviceName, path, fetch);
  if (moved) state.errors.push(...moved);
  else state.errors.push(downstreamError(error, fetch.serviceName, path, fetch.internalAliases));
}

/** The client fields an entity fetch resolves on one object: where its failure is reported. */
function ownedFields(fetch: FetchNode, typename: unknown): readonly string[] {
  const requires = fetch.requires?.find(
    (selection) => selection.kind === 'InlineFragment' && selection.typeCondition === typename,
  );
  const entityType =
    requires?.kind === 'InlineFragment' ? (requires.typename ?? requires.typeCondition) : undefined;
  return (entityType && fetch.fields[entityType]) || [];
}

export function answerIntrospection(
  operation: NormalizedOperation,
  apiSchema: GraphQLSchema,
  variables: Readonly<Record<string, unknown>>,
  state: ExecutionState,
): void {
  if (!operation.introspection) return;
  const result = executeSync({
    schema: apiSchema,
    document: operation.introspection,
    variableValues: variables,
  });
  if (result.data) state.data.merge(state.data.root, result.data as DataObject);
  if (result.errors) state.errors.push(...result.errors);
}
