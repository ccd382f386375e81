import { GraphQLError } from 'graphql';
import {
  type Condition,
  type NormalizedFragment,
  type NormalizedOperation,
  type NormalizedSelection,
  responseKeyOf,
} from '../planner/normalized-operation.js';
import type { DeferredPart } from '../planner/query-plan.js';
import { conditionsHold } from './collect-fields.js';
import { objectPathsAt, objectsAt, type ResponsePath } from './data-path.js';
import { EntityLoaders } from './entity-loader.js';
import {
  answerIntrospection,
  type ExecuteQueryPlanOptions,
  type ExecutionOutcome,
  executionBasis,
  executionState,
  fieldCollectorFor,
  runNode,
} from './execute-query-plan.js';
import type { ExecutionState } from './execution-state.js';
import { type DataObject, isDataObject } from './merge-data.js';
import { ResponseShaper } from './shape-response.js';

/** One deferred fragment's data for one object, with the errors met while fetching and shaping it. */
export interface IncrementalResult {
  readonly data: DataObject | null;
  /** Response path of the object the data belongs to. */
  readonly path: ResponsePath;
  readonly label?: string;
  readonly errors?: readonly GraphQLError[];
}

/** A payload after the first: deferred data that became ready, and whether more follows. */
export interface SubsequentPayload {
  readonly incremental: readonly IncrementalResult[];
  readonly hasNext: boolean;
}

/** The first answer (without deferred data) and, when something was deferred, the payloads that follow. */
export interface IncrementalOutcome {
  readonly initial: ExecutionOutcome;
  /** Absent when nothing is deferred for these variables (the first answer is the whole answer). */
  readonly subsequent?: AsyncGenerator<SubsequentPayload, void, undefined>;
}

/**
 * Runs a plan with deferred parts (`QueryPlan.deferred`): the primary part is fetched and shaped
 * into the first answer; each deferred part starts once the part it sits in is fetched, with its
 * own entity batching and errors, and is delivered as soon as it is ready and the part it sits in
 * was delivered (a part whose `if` variable is false goes with the part it sits in). Deferred
 * data is shaped per object found at the part's path, leaving out objects the delivered response
 * does not hold (nulled by an error, or of another type than the fragment's condition).
 */
export async function executeIncrementally(options: ExecuteQueryPlanOptions): Promise<IncrementalOutcome> {
  const { operation, apiSchema, plan } = options;
  const basis = executionBasis(options);
  if ('errors' in basis) return { initial: { errors: basis.errors } };
  const { data, silenced, variables, rawVariables } = basis;
  const stateFor = (errors: GraphQLError[]): ExecutionState => executionState(options, basis, errors);

  const parts = plan.deferred ?? [];
  // Where each part is delivered: itself, or (its `if` false) with the nearest part delivered on its own.
  const deliveredWith = new Map<number, number>([[0, 0]]);
  for (const part of parts) {
    const own = part.ifVariable === undefined || variables[part.ifVariable] !== false;
    deliveredWith.set(part.id, own ? part.id : (deliveredWith.get(part.after) ?? 0));
  }
  const errorsOf = new Map<number, GraphQLError[]>([[0, []]]);
  for (const id of new Set(deliveredWith.values())) if (!errorsOf.has(id)) errorsOf.set(id, []);
  const errorsFor = (id: number) => errorsOf.get(deliveredWith.get(id) ?? 0) as GraphQLError[];

  const primaryState = stateFor(errorsFor(0));
  const fetched = new Map<number, Promise<unknown>>();
  fetched.set(
    0,
    plan.node ? runNode(plan.node, primaryState, new EntityLoaders(primaryState)) : Promise.resolve(),
  );
  for (const part of parts) {
    const before = fetched.get(part.after) ?? Promise.resolve();
    // A part whose earlier part failed outright has nothing to read: the failure is reported there.
    fetched.set(
      part.id,
      before.then(
        () => runPart(part, stateFor(errorsFor(part.id))),
        () => undefined,
      ),
    );
  }
  // A delivery is ready once its own fetches and those of every part going with it are done.
  const ready = (id: number) =>
    Promise.all([...deliveredWith].filter(([, with_]) => with_ === id).map(([part]) => fetched.get(part)));

  await ready(0);
  if (operation.introspection) answerIntrospection(operation, apiSchema, rawVariables, primaryState);
  const collector = fieldCollectorFor(apiSchema);
  const primaryErrors = errorsFor(0);
  const shaper = new ResponseShaper(apiSchema, collector, variables, primaryErrors, silenced, data);
  // Shaping hands out fetched objects as they are where it can: deferred fetches never change
  // them (they merge beside them), so what was delivered stays as it was sent.
  const shapedData = shaper.shape(operation.rootType, operation.selections, data.root);
  const initial: ExecutionOutcome =
    primaryErrors.length > 0 ? { data: shapedData, errors: primaryErrors } : { data: shapedData };
  const own = parts.filter((part) => deliveredWith.get(part.id) === part.id);
  if (own.length === 0 || shapedData === null) return { initial };

  const fragments = deferredFragments(operation);
  // What the client holds so far: the first answer, then each result delivered (never the fetched data itself).
  const delivered: { path: ResponsePath; data: DataObject }[] = [{ path: [], data: shapedData }];
  const shapePart = (part: DeferredPart): IncrementalResult[] => {
    const fragment = fragments.get(part.fragment);
    if (!fragment || !conditionsHold(fragment.conditions, variables)) return [];
    const errors = errorsFor(part.id);
    const partShaper = new ResponseShaper(apiSchema, collector, variables, errors, silenced, data);
    const results: { data: DataObject | null; path: ResponsePath; errors: GraphQLError[] }[] = [];
    const objects = objectsAt(data, part.path);
    const paths = objectPathsAt(data, part.path).map(responsePath);
    for (let index = 0; index < objects.length; index += 1) {
      const object = objects[index] as DataObject;
      const path = paths[index] as ResponsePath;
      if (!delivered.some((result) => objectBelow(result, path))) continue;
      const typename = data.get(object, '__typename');
      const typeName = typeof typename === 'string' ? typename : part.type;
      const shaped = partShaper.shapeAt(typeName, fragment.selections, object, path);
      // The fragment's type condition does not apply to this object (or it holds only deferred fragments).
      if (shaped !== null && Object.keys(shaped).length === 0) continue;
      results.push({ data: shaped, path, errors: [] });
      if (shaped) delivered.push({ path, data: shaped });
    }
    // Each error goes with the result it is about (the first one when none holds its path).
    for (const error of errors) {
      const owner = results.find((result) => isPrefix(result.path, error.path ?? [])) ?? results[0];
      if (owner) owner.errors.push(error);
      else results.push({ data: null, path: [], errors: [error] });
    }
    return results.map((result) => ({
      data: result.data,
      path: result.path,
      ...(part.label !== undefined && { label: part.label }),
      ...(result.errors.length > 0 && { errors: result.errors }),
    }));
  };

  async function* subsequent(): AsyncGenerator<SubsequentPayload, void, undefined> {
    const pending = new Map(own.map((part) => [part.id, part]));
    const done = new Set<number>();
    const emitted = new Set<number>([0]);
    for (const part of own) ready(part.id).then(() => done.add(part.id));
    while (pending.size > 0) {
      const emittable = [...pending.values()].filter(
        (part) => done.has(part.id) && emitted.has(deliveredWith.get(part.after) ?? 0),
      );
      if (emittable.length === 0) {
        await Promise.race([...pending.keys()].filter((id) => !done.has(id)).map(ready));
        await Promise.resolve();
        continue;
      }
      const incremental = emittable.flatMap((part) => {
        pending.delete(part.id);
        emitted.add(part.id);
        return shapePart(part);
      });
      if (incremental.length > 0 || pending.size === 0) yield { incremental, hasNext: pending.size > 0 };
    }
  }
  return { initial, subsequent: subsequent() };
}

/** Runs a deferred part's fetches; a fault in them is an error of the part, never a lost stream. */
async function runPart(part: DeferredPart, state: ExecutionState): Promise<void> {
  if (!part.node) return;
  try {
    await runNode(part.node, state, new EntityLoaders(state));
  } catch (error) {
    state.errors.push(
      new GraphQLError('The gateway could not fetch a deferred fragment.', {
        originalError: error instanceof Error ? error : new Error(String(error)),
      }),
    );
  }
}

function isPrefix(prefix: ResponsePath, path: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

/** True when a delivered result holds an object at `path` (a response path from the root). */
function objectBelow(result: { path: ResponsePath; data: DataObject }, path: ResponsePath): boolean {
  if (!isPrefix(result.path, path)) return false;
  return objectAtPath(result.data, path.slice(result.path.length)) !== undefined;
}

/** A deferred fragment as its part is shaped by. */
interface DeferredFragment {
  /** The fragment made plain, alone in a list (one list per fragment: the field collector caches by list). */
  readonly selections: readonly NormalizedFragment[];
  /** `@skip`/`@include` of the fragment and of the fragments around it on the same object. */
  readonly conditions: readonly Condition[];
}

/** The operation's deferred fragments by `DeferDirective.id`. */
function deferredFragments(operation: NormalizedOperation): Map<number, DeferredFragment> {
  const found = new Map<number, DeferredFragment>();
  const walk = (selections: readonly NormalizedSelection[] | undefined, around: readonly Condition[]) => {
    for (const selection of selections ?? []) {
      if (selection.kind === 'Field') {
        // Conditions of fields on the way exclude the objects themselves: those are never delivered.
        walk(selection.selections, []);
        continue;
      }
      const conditions = selection.conditions.length > 0 ? [...around, ...selection.conditions] : around;
      if (selection.defer && !found.has(selection.defer.id)) {
        const { defer: _delivered, ...fragment } = selection;
        found.set(selection.defer.id, { selections: [fragment], conditions });
      }
      walk(selection.selections, conditions);
    }
  };
  walk(operation.selections, []);
  return found;
}

/** A data path as the client's response path: data keys of `__typename` aliases become `__typename`. */
function responsePath(path: ResponsePath): ResponsePath {
  return path.map((segment) => (typeof segment === 'string' ? responseKeyOf(segment) : segment));
}

/** The object at a response path of the delivered response, if it holds one there. */
function objectAtPath(root: DataObject, path: ResponsePath): DataObject | undefined {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else current = isDataObject(current) ? current[segment] : undefined;
    if (current === undefined || current === null) return undefined;
  }
  return isDataObject(current) ? current : undefined;
}
