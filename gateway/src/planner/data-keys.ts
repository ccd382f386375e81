import { Kind, type SelectionSetNode } from 'graphql';
import { argumentsKey } from './normalize-operation.js';
import { fieldIdentity, type NormalizedField, type NormalizedSelection } from './normalized-operation.js';
import type { RequireSelection } from './query-plan.js';
import type { SupergraphIndex } from './supergraph-index.js';

/** Data key -> field identity for every client field of one selection level, whatever its type condition. */
export type ClientKeys = ReadonlyMap<string, string>;

const keyMaps = new WeakMap<readonly NormalizedSelection[], ClientKeys>();
const subSelections = new WeakMap<readonly NormalizedSelection[], Map<string, NormalizedSelection[]>>();
const EMPTY: readonly NormalizedSelection[] = [];

/** The data keys client fields use at one level (through all fragments). */
export function clientKeys(selections: readonly NormalizedSelection[]): ClientKeys {
  let keys = keyMaps.get(selections);
  if (!keys) {
    const map = new Map<string, string>();
    visitFields(selections, (field) => {
      if (!map.has(field.dataKey)) map.set(field.dataKey, fieldIdentity(field));
    });
    keys = map;
    keyMaps.set(selections, keys);
  }
  return keys;
}

/**
 * The client selections below every client field stored under `dataKey` at this level: they
 * share one object in the gateway's data, so their keys constrain internal fields below it too.
 */
export function clientSelectionsBelow(
  selections: readonly NormalizedSelection[],
  dataKey: string,
): readonly NormalizedSelection[] {
  let byKey = subSelections.get(selections);
  if (!byKey) {
    byKey = new Map();
    subSelections.set(selections, byKey);
  }
  let below = byKey.get(dataKey);
  if (!below) {
    const gathered: NormalizedSelection[] = [];
    visitFields(selections, (field) => {
      if (field.dataKey === dataKey && field.selections) gathered.push(...field.selections);
    });
    below = gathered;
    byKey.set(dataKey, below);
  }
  return below.length === 0 ? EMPTY : below;
}

/**
 * Data key of a field the gateway needs for itself (a key, a `@requires` field): the field's own
 * name when free or when a client field with the same identity already uses it, otherwise an
 * alias no client field uses, derived from the identity so that it is the same in every fetch.
 */
export function internalDataKey(keys: ClientKeys, name: string, args: string): string {
  const identity = fieldIdentity({ name, argumentsKey: args });
  const atName = keys.get(name);
  if (atName === identity || (atName === undefined && args === '')) return name;
  let alias = args === '' ? `hx_${name}` : `hx_${name}_${hash(args)}`;
  while (keys.has(alias) && keys.get(alias) !== identity) alias = `_${alias}`;
  return alias;
}

/**
 * Turns a key or `@requires` field set into internal selections with data keys chosen against
 * the client fields sharing each level.
 */
export function internalSelections(
  client: readonly NormalizedSelection[],
  selectionSet: SelectionSetNode,
): NormalizedSelection[] {
  const keys = clientKeys(client);
  const result: NormalizedSelection[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      const args = selection.arguments ?? [];
      const argsKey = argumentsKey(args);
      const dataKey = name === '__typename' ? name : internalDataKey(keys, name, argsKey);
      const field: NormalizedField = {
        kind: 'Field',
        name,
        responseKey: dataKey,
        dataKey,
        arguments: args,
        argumentsKey: argsKey,
        directives: [],
        conditions: [],
        internal: true,
        ...(selection.selectionSet && {
          selections: internalSelections(clientSelectionsBelow(client, dataKey), selection.selectionSet),
        }),
      };
      result.push(field);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      result.push({
        kind: 'InlineFragment',
        ...(selection.typeCondition && { typeCondition: selection.typeCondition.name.value }),
        directives: [],
        conditions: [],
        selections: internalSelections(client, selection.selectionSet),
      });
    }
  }
  return result;
}

/** The representation selection matching internal selections. */
export function toRequireSelections(selections: readonly NormalizedSelection[]): RequireSelection[] {
  return selections.map((selection): RequireSelection => {
    if (selection.kind === 'Field') {
      return {
        kind: 'Field',
        name: selection.name,
        dataKey: selection.dataKey,
        ...(selection.selections && { selections: toRequireSelections(selection.selections) }),
      };
    }
    return {
      kind: 'InlineFragment',
      ...(selection.typeCondition && { typeCondition: selection.typeCondition }),
      selections: toRequireSelections(selection.selections),
    };
  });
}

/**
 * Representation selections whose type conditions name only object types: a fragment on an
 * interface or union becomes one fragment per object type it applies to, since building a
 * representation compares a fragment's type condition with each object's `__typename`.
 */
export function concreteTypeConditions(
  index: Pick<SupergraphIndex, 'isAbstract' | 'allPossibleTypes'>,
  selections: readonly RequireSelection[],
): RequireSelection[] {
  return selections.flatMap((selection): RequireSelection[] => {
    if (selection.kind === 'Field') {
      if (!selection.selections) return [selection];
      return [{ ...selection, selections: concreteTypeConditions(index, selection.selections) }];
    }
    const inner = concreteTypeConditions(index, selection.selections);
    const condition = selection.typeCondition;
    if (condition === undefined || !index.isAbstract(condition)) return [{ ...selection, selections: inner }];
    return index
      .allPossibleTypes(condition)
      .map((typeCondition) => ({ kind: 'InlineFragment', typeCondition, selections: inner }));
  });
}

function visitFields(
  selections: readonly NormalizedSelection[],
  visit: (field: NormalizedField) => void,
): void {
  for (const selection of selections) {
    if (selection.kind === 'Field') visit(selection);
    else visitFields(selection.selections, visit);
  }
}

/** FNV-1a, base 36: short, stable alias suffixes. */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value.toString(36);
}
