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

/** Representations keyed by their canonical JSON: what one Flatten step asks a loader for. */
type RepresentationSet = ReadonlyMap<string, DataObject>;

interface LoaderEntry {
  /** Collects the sets asked for in one tick and sends them as one `_entities` call. */
  readonly loader: DataLoader<RepresentationSet, void>;
  /** Every result of this request so far (an Error for a failed representation), by key. */
  readonly results: Map<string, EntityResult | Error>;
  /** Keys sent but not answered yet, with the load that will answer them. */
  readonly inFlight: Map<string, Promise<void>>;
}

/**
 * Per-request entity loaders, one DataLoader per subgraph + printed operation: every
 * representation requested for the same fetch in the same tick goes into ONE `_entities` call,
 * deduplicated, and a representation already loaded in this request is not asked again.
 * A loader key is a whole set of representations (one Flatten step's), not one representation:
 * a page of 100 products then costs one promise per step instead of 100.
 */
export class EntityLoaders {
  private readonly loaders = new Map<string, LoaderEntry>();

  constructor(private readonly state: ExecutionState) {}

  /**
   * Loads entities for representations keyed by their canonical JSON, and resolves to a map
   * holding (at least) the result of each, failures as Errors.
   */
  async load(
    fetch: FetchNode,
    representations: RepresentationSet,
  ): Promise<ReadonlyMap<string, EntityResult | Error>> {
    const entry = this.entryFor(fetch);
    const missing = new Map<string, DataObject>();
    const waits = new Set<Promise<void>>();
    for (const [key, representation] of representations) {
      if (entry.results.has(key)) continue;
      const flight = entry.inFlight.get(key);
      if (flight) waits.add(flight);
      else missing.set(key, representation);
    }
    if (missing.size > 0) {
      const flight = entry.loader.load(missing);
      for (const key of missing.keys()) entry.inFlight.set(key, flight);
      waits.add(flight);
    }
    if (waits.size === 1) await waits.values().next().value;
    else if (waits.size > 1) await Promise.all(waits);
    return entry.results;
  }

  private entryFor(fetch: FetchNode): LoaderEntry {
    const loaderKey = `${fetch.serviceName}\u0000${fetch.operation}`;
    let entry = this.loaders.get(loaderKey);
    if (!entry) {
      const results = new Map<string, EntityResult | Error>();
      const inFlight = new Map<string, Promise<void>>();
      const loader = new DataLoader<RepresentationSet, void>(
        async (sets) => {
          // Sets of one tick are disjoint: `load` skips keys already in flight.
          const keys: string[] = [];
          const batch: DataObject[] = [];
          for (const set of sets) {
            for (const [key, representation] of set) {
              keys.push(key);
              batch.push(representation);
            }
          }
          await this.dispatch(fetch, { results, inFlight }, keys, batch);
          return sets.map(() => undefined);
        },
        // Each set is asked once; results are cached per representation in `results` instead.
        { cache: false },
      );
      entry = { loader, results, inFlight };
      this.loaders.set(loaderKey, entry);
    }
    return entry;
  }

  private async dispatch(
    fetch: FetchNode,
    entry: Pick<LoaderEntry, 'results' | 'inFlight'>,
    keys: readonly string[],
    representations: readonly DataObject[],
  ): Promise<void> {
    let results: readonly (EntityResult | Error)[];
    try {
      results = await this.batch(fetch, keys, representations);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      results = keys.map(() => failure);
    }
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index] as string;
      entry.results.set(key, results[index] as EntityResult | Error);
      entry.inFlight.delete(key);
    }
  }

  private async batch(
    fetch: FetchNode,
    keys: readonly string[],
    representations: readonly DataObject[],
  ): Promise<(EntityResult | Error)[]> {
    const { state } = this;
    const variables = forwardedVariables(fetch.variableUsages, state.rawVariables);
    variables[fetch.representationsVariable ?? 'representations'] = representations;
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
  // Allocated at the first error only: most responses carry none.
  let perIndex: GraphQLFormattedError[][] | undefined;
  const unattributed: GraphQLFormattedError[] = [];
  for (const error of response.errors ?? []) {
    const [head, index, ...rest] = error.path ?? [];
    if (head === '_entities' && typeof index === 'number' && index >= 0 && index < count) {
      perIndex ??= Array.from({ length: count }, () => []);
      perIndex[index]?.push({ ...error, path: rest });
    } else {
      unattributed.push(error);
    }
  }
  const errorsAt = (index: number): readonly GraphQLFormattedError[] => perIndex?.[index] ?? NO_ERRORS;
  const entities = isDataObject(response.data) ? response.data._entities : undefined;
  if (!Array.isArray(entities)) {
    if (response.errors && response.errors.length > 0) {
      // No entity came back: an error about the call as a whole is about every entity in it.
      const whole = unattributed.map(({ path: _path, ...error }) => error);
      return Array.from({ length: count }, (_, index) => ({
        entity: null,
        errors: [...errorsAt(index), ...whole],
      }));
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
  const results: EntityResult[] = new Array(count);
  for (let index = 0; index < count; index += 1) {
    const entity = entities[index];
    results[index] = { entity: isDataObject(entity) ? entity : null, errors: errorsAt(index) };
  }
  return results;
}

const NO_ERRORS: readonly GraphQLFormattedError[] = Object.freeze([]);

function badResponse(message: string): Error {
  return Object.assign(new Error(message), { code: SUBGRAPH_BAD_RESPONSE.code });
}
