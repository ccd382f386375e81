import DataLoader from 'dataloader';
import type { GraphQLFormattedError } from 'graphql';
import { SUBGRAPH_BAD_RESPONSE } from '../errors.js';
import type { FetchNode } from '../planner/query-plan.js';
import type { SubgraphResponse } from '../upstream/subgraph-client.js';
import { type ExecutionState, forwardedVariables } from './execution-state.js';
import { type DataObject, isDataObject } from './merge-data.js';
import { downstreamError, errorsCarriedBy } from './subgraph-errors.js';

/** One entity as an `_entities` call returned it, with the errors whose path points into it. */
export interface EntityResult {
  readonly entity: DataObject | null;
  /** Errors re-pathed relative to the entity (the `_entities.<index>` prefix removed). */
  readonly errors: readonly GraphQLFormattedError[];
}

interface LoaderEntry {
  readonly loader: DataLoader<string, EntityResult>;
  /** Representation objects by their cache key, for the batch function to send. */
  readonly representations: Map<string, DataObject>;
}

/**
 * Per-request entity loaders, one per subgraph + printed operation: every representation
 * requested for the same fetch in the same tick goes into ONE `_entities` call, deduplicated,
 * and a representation already loaded in this request is not asked again.
 */
export class EntityLoaders {
  private readonly loaders = new Map<string, LoaderEntry>();

  constructor(private readonly state: ExecutionState) {}

  /** Loads entities for representations keyed by their canonical JSON; failures come back as Errors. */
  async load(
    fetch: FetchNode,
    representations: ReadonlyMap<string, DataObject>,
  ): Promise<Map<string, EntityResult | Error>> {
    const entry = this.entryFor(fetch);
    for (const [key, representation] of representations) entry.representations.set(key, representation);
    const keys = [...representations.keys()];
    const results = await entry.loader.loadMany(keys);
    const byKey = new Map<string, EntityResult | Error>();
    keys.forEach((key, index) => {
      byKey.set(key, results[index] as EntityResult | Error);
    });
    return byKey;
  }

  private entryFor(fetch: FetchNode): LoaderEntry {
    const loaderKey = `${fetch.serviceName}\u0000${fetch.operation}`;
    let entry = this.loaders.get(loaderKey);
    if (!entry) {
      const representations = new Map<string, DataObject>();
      entry = {
        representations,
        loader: new DataLoader<string, EntityResult>((keys) => this.batch(fetch, keys, representations)),
      };
      this.loaders.set(loaderKey, entry);
    }
    return entry;
  }

  private async batch(
    fetch: FetchNode,
    keys: readonly string[],
    representations: ReadonlyMap<string, DataObject>,
  ): Promise<(EntityResult | Error)[]> {
    const { state } = this;
    const variables = forwardedVariables(fetch.variableUsages, state.rawVariables);
    variables[fetch.representationsVariable ?? 'representations'] = keys.map((key) =>
      representations.get(key),
    );
    const started = performance.now();
    let response: SubgraphResponse;
    try {
      response = await state.client.call(
        fetch.serviceName,
        {
          query: fetch.operation,
          variables,
          ...(fetch.operationName && { operationName: fetch.operationName }),
        },
        { ...state.callContext, operationKind: 'query' },
      );
    } catch (error) {
      for (const carried of errorsCarriedBy(error))
        state.errors.push(downstreamError(carried, fetch.serviceName, undefined));
      state.hooks?.onFetch?.({
        subgraph: fetch.serviceName,
        durationMs: performance.now() - started,
        ok: false,
        entityCount: keys.length,
      });
      const failure = error instanceof Error ? error : new Error(String(error));
      return keys.map(() => failure);
    }
    state.hooks?.onFetch?.({
      subgraph: fetch.serviceName,
      durationMs: performance.now() - started,
      ok: true,
      entityCount: keys.length,
    });
    return splitEntities(fetch.serviceName, keys.length, response, state);
  }
}

function splitEntities(
  serviceName: string,
  count: number,
  response: SubgraphResponse,
  state: ExecutionState,
): (EntityResult | Error)[] {
  const perIndex: GraphQLFormattedError[][] = Array.from({ length: count }, () => []);
  const unattributed: GraphQLFormattedError[] = [];
  for (const error of response.errors ?? []) {
    const [head, index, ...rest] = error.path ?? [];
    if (head === '_entities' && typeof index === 'number' && index >= 0 && index < count) {
      perIndex[index]?.push({ ...error, path: rest });
    } else {
      unattributed.push(error);
    }
  }
  const entities = isDataObject(response.data) ? response.data._entities : undefined;
  if (!Array.isArray(entities)) {
    if (response.errors && response.errors.length > 0) {
      // No entity came back: an error about the call as a whole is about every entity in it.
      const whole = unattributed.map(({ path: _path, ...error }) => error);
      return perIndex.map((errors) => ({ entity: null, errors: [...errors, ...whole] }));
    }
    const failure = badResponse(
      `Subgraph "${serviceName}" answered an entity fetch without an _entities list.`,
    );
    return Array.from({ length: count }, () => failure);
  }
  for (const error of unattributed) state.errors.push(downstreamError(error, serviceName, undefined));
  if (entities.length !== count) {
    const failure = badResponse(
      `Subgraph "${serviceName}" returned ${entities.length} entities for ${count} representations.`,
    );
    return Array.from({ length: count }, () => failure);
  }
  return entities.map((entity, index) => ({
    entity: isDataObject(entity) ? entity : null,
    errors: perIndex[index] ?? [],
  }));
}

function badResponse(message: string): Error {
  return Object.assign(new Error(message), { code: SUBGRAPH_BAD_RESPONSE.code });
}
