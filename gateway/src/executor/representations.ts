import type { RequireSelection } from '../planner/query-plan.js';
import { type DataObject, type DataReader, isDataObject, OWN_FIELDS, setOwn } from './merge-data.js';

/**
 * A string identifying a representation, for deduplication: cheaper than JSON for the usual
 * flat keys (`{ __typename, id }`), falling back to JSON for nested values.
 */
export function representationKey(representation: DataObject): string {
  let key = '';
  for (const name in representation) {
    const value = representation[name];
    key +=
      typeof value === 'string'
        ? `${name}\u0001${value}\u0000`
        : `${name}\u0002${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}\u0000`;
  }
  return key;
}

/**
 * Builds the representation of one object for an entity fetch: `__typename` and the key and
 * `@requires` fields, read from the gateway's data by data key and written under field names.
 * Returns undefined when the object's type is not one the fetch applies to, or a value it needs
 * is missing (its own fetch failed): such objects are not sent.
 */
export function buildRepresentation(
  object: DataObject,
  requires: readonly RequireSelection[],
  data: DataReader = OWN_FIELDS,
): DataObject | undefined {
  const typename = data.get(object, '__typename');
  if (typeof typename !== 'string') return undefined;
  for (const selection of requires) {
    if (selection.kind !== 'InlineFragment' || selection.typeCondition !== typename) continue;
    const representation: DataObject = {};
    if (!copySelections(data, object, selection.selections, representation)) return undefined;
    representation.__typename = selection.typename ?? typename;
    return representation;
  }
  return undefined;
}

function copySelections(
  data: DataReader,
  source: DataObject,
  selections: readonly RequireSelection[],
  into: DataObject,
): boolean {
  for (const selection of selections) {
    if (selection.kind === 'InlineFragment') {
      const typename = data.get(source, '__typename');
      if (selection.typeCondition !== undefined && selection.typeCondition !== typename) continue;
      if (!copySelections(data, source, selection.selections, into)) return false;
      continue;
    }
    const value = data.get(source, selection.dataKey);
    if (value === undefined) return false;
    const copied = selection.selections ? copyValue(data, value, selection.selections) : value;
    if (copied === MISSING) return false;
    setOwn(into, selection.name, copied);
  }
  return true;
}

const MISSING = Symbol('missing');

function copyValue(data: DataReader, value: unknown, selections: readonly RequireSelection[]): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const copied = copyValue(data, item, selections);
      if (copied === MISSING) return MISSING;
      items.push(copied);
    }
    return items;
  }
  if (!isDataObject(value)) return value;
  const nested: DataObject = {};
  return copySelections(data, value, selections, nested) ? nested : MISSING;
}
