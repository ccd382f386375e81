import DataLoader from 'dataloader';
import type { FetchNode } from '../planner/query-plan.js';
import type { SubgraphRequest, SubgraphResponse } from '../upstream/subgraph-client.js';
import { combinedEntityOperation } from './combined-entity-operation.js';
import { type EntityResult, type EntitySet, splitEntities, splitErrorsByField } from './entity-results.js';
import { type ExecutionState, forwardedVariables } from './execution-state.js';
import type { DataObject } from './merge-data.js';
import { type InternedRepresentation, RepresentationInterner } from './representation-interner.js';
import { downstreamError, errorsCarriedBy } from './subgraph-errors.js';

export type { EntityResult } from './entity-results.js';

/**
 * The representations one Flatten step asks a loader for, one per object of the step: an object
 * without one (not an entity of the fetch) is undefined, and the same entity may come many times.
 */
type StepRepresentations = readonly (InternedRepresentation | undefined)[];

/** Marks a key taken by the load being started, while its representations are gathered. */
const GATHERING: Promise<void> = Promise.resolve();

/**
 * What this request knows of one entity selection (a subgraph + `_entities` selection), by
 * representation key: its result (an Error for a failed representation), or, while the key is
 * sent but not answered, the load that will answer it. One map serves both: the result replaces
 * the load under the same key.
 */
interface SelectionEntry {
  readonly fetch: FetchNode;
  readonly results: Map<string, EntityResult | Error | Promise<void>>;
}

/** A selection's results by representation key, every key a load waited for answered. */
export type LoadedEntities = ReadonlyMap<string, EntityResult | Error | Promise<void>>;

/** One Flatten step's representations that are neither loaded nor in flight yet. */
interface EntityCall {
  readonly entry: SelectionEntry;
  readonly representations: readonly InternedRepresentation[];
}

/**
 * Per-request entity loaders, one DataLoader per subgraph: every entity fetch started in the same
 * tick for the same subgraph goes out as ONE request. Fetches with the same selection share one
 * `_entities` field, their representations deduplicated; different selections get aliased
 * `_entities` fields of their own in the same operation. A representation already loaded in this
 * request for the same selection is not asked again. The plan makes the entity fetches of one
 * wave start in the same tick (Batch nodes), so each subgraph is asked once per wave.
 */
export class EntityLoaders {
  private readonly loaders = new Map<string, DataLoader<EntityCall, void>>();
  // By fetch node: plan data, so the same fetch is the same object in every wave of the request.
  private readonly selections = new Map<FetchNode, SelectionEntry>();
  private readonly interners = new Map<FetchNode, RepresentationInterner>();

  constructor(private readonly state: ExecutionState) {}

  /** Builds (once per distinct entity in this request) the representations `fetch` sends. */
  representations(fetch: FetchNode): RepresentationInterner {
    let interner = this.interners.get(fetch);
    if (!interner) {
      interner = new RepresentationInterner(fetch.requires ?? [], this.state.data);
      this.interners.set(fetch, interner);
    }
    return interner;
  }

  /**
   * Loads the entities of a step's representations, each distinct one once, and resolves to a map
   * holding (at least) the result of each by its key, failures as Errors.
   */
  async load(fetch: FetchNode, representations: StepRepresentations): Promise<LoadedEntities> {
    const entry = this.selectionFor(fetch);
    const { results } = entry;
    const missing: InternedRepresentation[] = [];
    // Usually none or one: loads of other steps this one's representations are already in.
    const waits: Promise<void>[] = [];
    for (let index = 0; index < representations.length; index += 1) {
      const interned = representations[index];
      if (interned === undefined) continue;
      const known = results.get(interned.key);
      if (known === undefined) {
        missing.push(interned);
        results.set(interned.key, GATHERING);
      } else if (known instanceof Promise && known !== GATHERING && !waits.includes(known)) {
        waits.push(known);
      }
    }
    if (missing.length > 0) {
      const flight = this.loaderFor(fetch.serviceName).load({ entry, representations: missing });
      for (const interned of missing) results.set(interned.key, flight);
      waits.push(flight);
    }
    if (waits.length === 1) await waits[0];
    else if (waits.length > 1) await Promise.all(waits);
    return results;
  }

  private selectionFor(fetch: FetchNode): SelectionEntry {
    let entry = this.selections.get(fetch);
    if (!entry) {
      entry = this.sameSelection(fetch) ?? { fetch, results: new Map() };
      this.selections.set(fetch, entry);
    }
    return entry;
  }

  /** The entry of another fetch of this plan with the same subgraph and operation, when one was used. */
  private sameSelection(fetch: FetchNode): SelectionEntry | undefined {
    for (const entry of this.selections.values()) {
      if (entry.fetch.serviceName === fetch.serviceName && entry.fetch.operation === fetch.operation)
        return entry;
    }
    return undefined;
  }

  private loaderFor(subgraph: string): DataLoader<EntityCall, void> {
    let loader = this.loaders.get(subgraph);
    if (!loader) {
      loader = new DataLoader<EntityCall, void>(
        async (calls) => {
          await this.dispatch(subgraph, calls);
          return calls.map(() => undefined);
        },
        // Each call is asked once; results are kept per representation in the selection entries.
        { cache: false },
      );
      this.loaders.set(subgraph, loader);
    }
    return loader;
  }

  /**
   * Sends the calls of one tick as one request (as several, concurrently, when they hold more
   * representations than one request may carry) and files every result under its selection.
   */
  private async dispatch(subgraph: string, calls: readonly EntityCall[]): Promise<void> {
    const chunks = chunkEntitySets(entitySets(calls), this.state.maxRepresentationsPerRequest);
    await Promise.all(chunks.map((sets) => this.dispatchSets(subgraph, sets)));
  }

  private async dispatchSets(subgraph: string, sets: readonly EntitySetOf<SelectionEntry>[]): Promise<void> {
    let results: (EntityResult | Error)[][];
    try {
      results = await this.send(subgraph, sets);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      results = sets.map((set) => set.keys.map(() => failure));
    }
    sets.forEach((set, setIndex) => {
      const answers = results[setIndex] as (EntityResult | Error)[];
      const { results: filed } = set.entry;
      for (let index = 0; index < set.keys.length; index += 1) {
        filed.set(set.keys[index] as string, answers[index] as EntityResult | Error);
      }
    });
  }

  private async send(
    subgraph: string,
    sets: readonly EntitySetOf<SelectionEntry>[],
  ): Promise<(EntityResult | Error)[][]> {
    const { state } = this;
    const request = entityRequest(sets, state.rawVariables);
    const entityCount = sets.reduce((sum, set) => sum + set.keys.length, 0);
    const started = performance.now();
    let response: SubgraphResponse;
    try {
      response = await state.client.call(subgraph, request.request, {
        ...state.callContext,
        operationKind: 'query',
      });
    } catch (error) {
      for (const carried of errorsCarriedBy(error))
        state.errors.push(downstreamError(carried, subgraph, undefined));
      state.hooks?.onFetch?.({
        subgraph,
        durationMs: performance.now() - started,
        ok: false,
        entityCount,
      });
      const failure = error instanceof Error ? error : new Error(String(error));
      return sets.map((set) => set.keys.map(() => failure));
    }
    state.hooks?.onFetch?.({ subgraph, durationMs: performance.now() - started, ok: true, entityCount });
    const { byField, unattributed } = splitErrorsByField(response.errors, request.fields);
    const outcomes = request.fields.map((field, index) =>
      splitEntities(subgraph, (sets[index] as EntitySet).keys.length, response, field, byField.get(field)),
    );
    // Errors about the call or a field as a whole are reported once, without a path, when the
    // entities came back; when they did not, they are the errors of every entity asked for.
    const delivered = outcomes.every((outcome) => outcome.delivered);
    const reported = delivered ? [...unattributed] : [];
    for (const outcome of outcomes) if (outcome.delivered) reported.push(...outcome.fieldErrors);
    for (const error of reported) state.errors.push(downstreamError(error, subgraph, undefined));
    return outcomes.map((outcome) => outcome.results(delivered ? [] : unattributed));
  }
}

type EntitySetOf<T> = EntitySet & { readonly entry: T };

/** The calls grouped by selection, in first-call order, representations in call order. */
function entitySets(calls: readonly EntityCall[]): EntitySetOf<SelectionEntry>[] {
  const sets = new Map<
    SelectionEntry,
    { entry: SelectionEntry; keys: string[]; representations: DataObject[] }
  >();
  for (const call of calls) {
    let set = sets.get(call.entry);
    if (!set) {
      set = { entry: call.entry, keys: [], representations: [] };
      sets.set(call.entry, set);
    }
    for (const interned of call.representations) {
      set.keys.push(interned.key);
      set.representations.push(interned.representation);
    }
  }
  return [...sets.values()];
}

/**
 * The sets split into requests of at most `max` representations each, in order: a set larger than
 * what is left of a request continues in the next one.
 */
export function chunkEntitySets<T extends EntitySet>(sets: readonly T[], max: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let room = max;
  for (const set of sets) {
    let start = 0;
    while (start < set.keys.length) {
      if (room === 0) {
        chunks.push(current);
        current = [];
        room = max;
      }
      const end = Math.min(set.keys.length, start + room);
      current.push(
        start === 0 && end === set.keys.length
          ? set
          : {
              ...set,
              keys: set.keys.slice(start, end),
              representations: set.representations.slice(start, end),
            },
      );
      room -= end - start;
      start = end;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The subgraph request for one or more entity selections: a selection alone is sent as its fetch
 * was printed; several share an operation with one aliased `_entities` field each.
 */
function entityRequest(
  sets: readonly EntitySetOf<SelectionEntry>[],
  rawVariables: Readonly<Record<string, unknown>>,
): { request: SubgraphRequest; fields: readonly string[] } {
  if (sets.length === 1) {
    const { entry, representations } = sets[0] as EntitySetOf<SelectionEntry>;
    const { fetch } = entry;
    const variables = forwardedVariables(fetch.variableUsages, rawVariables);
    variables[fetch.representationsVariable ?? 'representations'] = representations;
    return {
      request: {
        query: fetch.operation,
        variables,
        ...(fetch.operationName && { operationName: fetch.operationName }),
      },
      fields: ['_entities'],
    };
  }
  const combined = combinedEntityOperation(sets.map((set) => set.entry.fetch));
  const variables: Record<string, unknown> = {};
  for (const set of sets)
    Object.assign(variables, forwardedVariables(set.entry.fetch.variableUsages, rawVariables));
  sets.forEach((set, index) => {
    variables[combined.representationsVariables[index] as string] = set.representations;
  });
  return {
    request: {
      query: combined.query,
      variables,
      ...(combined.operationName && { operationName: combined.operationName }),
    },
    fields: combined.aliases,
  };
}
