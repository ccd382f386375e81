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
 * The entries one Flatten step asks a loader for, one per object of the step: an object without
 * one (not an entity of the fetch) is undefined, and the same entity may come many times.
 */
type StepRepresentations = readonly (InternedRepresentation | undefined)[];

/** Marks an entity taken by the load being started, while the load's entities are gathered. */
const GATHERING: Promise<void> = Promise.resolve();
/** What a load of entities all known already waits for: nothing. */
const LOADED: Promise<void> = Promise.resolve();

/**
 * One entity selection (a subgraph + `_entities` selection + the representations it is sent) in
 * this request: the fetch it was first met in, and the interner holding its entities, each with
 * its result or, while it is sent but not answered, the load that will answer it.
 */
interface SelectionEntry {
  readonly fetch: FetchNode;
  readonly interner: RepresentationInterner;
}

/** One Flatten step's entities that are neither loaded nor in flight yet. */
interface EntityCall {
  readonly entry: SelectionEntry;
  readonly entities: readonly InternedRepresentation[];
}

/**
 * Per-request entity loaders, one DataLoader per subgraph: every entity fetch started in the same
 * tick for the same subgraph goes out as ONE request. Fetches with the same selection share one
 * `_entities` field, their representations deduplicated; different selections get aliased
 * `_entities` fields of their own in the same operation. An entity already loaded in this request
 * for the same selection is not asked again. The plan makes the entity fetches of one wave start
 * in the same tick (Batch nodes), so each subgraph is asked once per wave.
 */
export class EntityLoaders {
  private readonly loaders = new Map<string, DataLoader<EntityCall, void>>();
  // By fetch node: plan data, so the same fetch is the same object in every wave of the request.
  private readonly selections = new Map<FetchNode, SelectionEntry>();

  constructor(private readonly state: ExecutionState) {}

  /** Forgets the loaders and every entity interned: for the end of the execution. */
  clear(): void {
    for (const entry of this.selections.values()) entry.interner.clear();
    this.loaders.clear();
    this.selections.clear();
  }

  /** The entities of `fetch`'s selection, each built and interned once per request. */
  representations(fetch: FetchNode): RepresentationInterner {
    return this.selectionFor(fetch).interner;
  }

  /**
   * Loads the step's entities, each distinct one once; when it resolves, every entity it was
   * given holds its result (an Error for a failed one). Not async itself: it hands back the one
   * load the step waits for (usually), rather than waiting on it in a suspended function of its own.
   */
  load(fetch: FetchNode, entities: StepRepresentations): Promise<unknown> {
    const entry = this.selectionFor(fetch);
    const missing: InternedRepresentation[] = [];
    // Usually none or one: loads of other steps this one's entities are already in.
    const waits: Promise<void>[] = [];
    for (let index = 0; index < entities.length; index += 1) {
      const entity = entities[index];
      if (entity === undefined) continue;
      const known = entity.result;
      if (known === undefined) {
        missing.push(entity);
        entity.result = GATHERING;
      } else if (known instanceof Promise && known !== GATHERING && !waits.includes(known)) {
        waits.push(known);
      }
    }
    if (missing.length > 0) {
      const flight = this.loaderFor(fetch.serviceName).load({ entry, entities: missing });
      for (const entity of missing) entity.result = flight;
      waits.push(flight);
    }
    if (waits.length === 1) return waits[0] as Promise<void>;
    return waits.length === 0 ? LOADED : Promise.all(waits);
  }

  private selectionFor(fetch: FetchNode): SelectionEntry {
    let entry = this.selections.get(fetch);
    if (!entry) {
      entry = this.sameSelection(fetch) ?? {
        fetch,
        interner: new RepresentationInterner(fetch.requires ?? [], this.state.data),
      };
      this.selections.set(fetch, entry);
    }
    return entry;
  }

  /**
   * The entry of another fetch of this plan with the same subgraph, selection and representations,
   * when one was used: their entities are the same.
   */
  private sameSelection(fetch: FetchNode): SelectionEntry | undefined {
    for (const entry of this.selections.values()) {
      if (
        entry.fetch.serviceName === fetch.serviceName &&
        selectionText(entry.fetch) === selectionText(fetch) &&
        requiresSignature(entry.fetch) === requiresSignature(fetch)
      )
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
        // Each call is asked once; results are kept on the interned entities.
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

  private async dispatchSets(subgraph: string, sets: readonly SelectionSet[]): Promise<void> {
    let results: (EntityResult | Error)[][];
    try {
      results = await this.send(subgraph, sets);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      results = sets.map((set) => set.entities.map(() => failure));
    }
    sets.forEach((set, setIndex) => {
      const answers = results[setIndex] as (EntityResult | Error)[];
      for (let index = 0; index < set.entities.length; index += 1) {
        (set.entities[index] as InternedRepresentation).result = answers[index];
      }
    });
  }

  private async send(subgraph: string, sets: readonly SelectionSet[]): Promise<(EntityResult | Error)[][]> {
    const { state } = this;
    const request = entityRequest(sets, state.rawVariables);
    const entityCount = sets.reduce((sum, set) => sum + set.entities.length, 0);
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
      return sets.map((set) => set.entities.map(() => failure));
    }
    state.hooks?.onFetch?.({ subgraph, durationMs: performance.now() - started, ok: true, entityCount });
    const { byField, unattributed } = splitErrorsByField(response.errors, request.fields);
    const outcomes = request.fields.map((field, index) =>
      splitEntities(
        subgraph,
        (sets[index] as EntitySet).entities.length,
        response,
        field,
        byField.get(field),
      ),
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

/** The entities of one selection that go out in one `_entities` field. */
interface SelectionSet extends EntitySet {
  readonly entry: SelectionEntry;
  readonly entities: readonly InternedRepresentation[];
}

/** The calls grouped by selection, in first-call order, entities in call order. */
function entitySets(calls: readonly EntityCall[]): SelectionSet[] {
  const sets = new Map<SelectionEntry, { entry: SelectionEntry; entities: InternedRepresentation[] }>();
  for (const call of calls) {
    let set = sets.get(call.entry);
    if (!set) {
      set = { entry: call.entry, entities: [] };
      sets.set(call.entry, set);
    }
    for (const entity of call.entities) set.entities.push(entity);
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
    while (start < set.entities.length) {
      if (room === 0) {
        chunks.push(current);
        current = [];
        room = max;
      }
      const end = Math.min(set.entities.length, start + room);
      current.push(
        start === 0 && end === set.entities.length
          ? set
          : { ...set, entities: set.entities.slice(start, end) },
      );
      room -= end - start;
      start = end;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * What a fetch asks of each entity, as text: its printed `_entities` selection, so that fetches
 * whose operations differ only in name (one per plan path) share their entities; the whole
 * operation for a fetch printed without one.
 */
function selectionText(fetch: FetchNode): string {
  return fetch.entitySelection ?? fetch.operation;
}

const signatures = new WeakMap<FetchNode, string>();

/** What a fetch's representations hold, as text: fetches with equal text send equal representations. */
function requiresSignature(fetch: FetchNode): string {
  let signature = signatures.get(fetch);
  if (signature === undefined) {
    signature = JSON.stringify(fetch.requires ?? []);
    signatures.set(fetch, signature);
  }
  return signature;
}

/**
 * The subgraph request for one or more entity selections: a selection alone is sent as its fetch
 * was printed; several share an operation with one aliased `_entities` field each.
 */
function entityRequest(
  sets: readonly SelectionSet[],
  rawVariables: Readonly<Record<string, unknown>>,
): { request: SubgraphRequest; fields: readonly string[] } {
  if (sets.length === 1) {
    const { entry, entities } = sets[0] as SelectionSet;
    const { fetch } = entry;
    const variables = forwardedVariables(fetch.variableUsages, rawVariables);
    variables[fetch.representationsVariable ?? 'representations'] = representationsOf(entities);
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
    variables[combined.representationsVariables[index] as string] = representationsOf(set.entities);
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

/** What is sent for the entities: each one's representation, in order. */
function representationsOf(entities: readonly InternedRepresentation[]): DataObject[] {
  return entities.map((entity) => entity.representation);
}
