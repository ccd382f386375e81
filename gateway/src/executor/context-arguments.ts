import type { FetchNode, InputShape, RequireSelection } from '../planner/query-plan.js';
import { typeFilter } from './data-path.js';
import { type DataObject, type DataReader, isDataObject, type MergedData } from './merge-data.js';

/**
 * For an entity fetch whose fields take arguments from a context (`FetchNode.contextArguments`):
 * the fetch each object at `path` goes out with, in `objectsAt` order. It is the plan's fetch with
 * the values read from the object's ancestors written in as literals for the variables standing
 * for them; objects whose values agree share one fetch, so the entity loader sends each distinct
 * set of values as an `_entities` selection of its own, all in one request.
 */
export function contextualFetches(fetch: FetchNode, data: MergedData, path: readonly string[]): FetchNode[] {
  const reads = fetch.contextArguments ?? [];
  const depths = reads.map((read) => read.ancestorPath.length);
  const byValues = new Map<string, FetchNode>();
  const fetches: FetchNode[] = [];
  walk(data, data.root, path, 0, [], (trail) => {
    const literals = reads.map((read, index) =>
      literal(readValue(data, trail[depths[index] as number], read.selection), read.type),
    );
    const key = literals.join('\u0000');
    let variant = byValues.get(key);
    if (!variant) {
      variant = withLiterals(fetch, literals);
      byValues.set(key, variant);
    }
    fetches.push(variant);
  });
  return fetches;
}

function withLiterals(fetch: FetchNode, literals: readonly string[]): FetchNode {
  let { operation } = fetch;
  let entitySelection = fetch.entitySelection;
  (fetch.contextArguments ?? []).forEach((read, index) => {
    const stand = new RegExp(`\\$${read.variable}(?![_0-9A-Za-z])`, 'g');
    const value = literals[index] as string;
    operation = operation.replace(stand, () => value);
    entitySelection = entitySelection?.replace(stand, () => value);
  });
  return { ...fetch, operation, ...(entitySelection !== undefined && { entitySelection }) };
}

/**
 * The objects at a Flatten path, as `objectsAt` finds them (same order), each with the trail of
 * objects met on the way: `trail[d]` is the object reached after the path's first `d` segments.
 */
function walk(
  data: DataReader,
  value: unknown,
  path: readonly string[],
  depth: number,
  trail: (DataObject | undefined)[],
  visit: (trail: readonly (DataObject | undefined)[]) => void,
): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    const next = path[depth] === '@' ? depth + 1 : depth;
    for (const item of value) walk(data, item, path, next, trail, visit);
    return;
  }
  if (!isDataObject(value)) return;
  trail[depth] = value;
  const segment = path[depth];
  if (segment === undefined) {
    visit(trail);
    return;
  }
  if (segment === '@') return;
  if (segment.startsWith('|[')) {
    const typename = data.get(value, '__typename');
    if (typeof typename === 'string' && typeFilter(segment).includes(typename)) {
      walk(data, value, path, depth + 1, trail, visit);
    }
    return;
  }
  const child = data.get(value, segment);
  if (child !== undefined) walk(data, child, path, depth + 1, trail, visit);
}

/** The value of the one field a context argument reads from its ancestor (null when missing). */
function readValue(
  data: DataReader,
  ancestor: DataObject | undefined,
  selections: readonly RequireSelection[],
): unknown {
  if (!ancestor) return null;
  for (const selection of selections) {
    if (selection.kind === 'InlineFragment') {
      if (
        selection.typeCondition !== undefined &&
        selection.typeCondition !== data.get(ancestor, '__typename')
      )
        continue;
      const inner = readValue(data, ancestor, selection.selections);
      if (inner !== null) return inner;
      continue;
    }
    const value = data.get(ancestor, selection.dataKey) ?? null;
    return selection.selections ? inputValue(data, value, selection.selections) : value;
  }
  return null;
}

/** An object value read through sub-selections, keyed by field names as an input object is. */
function inputValue(data: DataReader, value: unknown, selections: readonly RequireSelection[]): unknown {
  if (Array.isArray(value)) return value.map((item) => inputValue(data, item, selections));
  if (!isDataObject(value)) return value ?? null;
  const result: DataObject = {};
  for (const selection of selections) {
    if (selection.kind === 'InlineFragment') {
      if (
        selection.typeCondition === undefined ||
        selection.typeCondition === data.get(value, '__typename')
      ) {
        Object.assign(result, inputValue(data, value, selection.selections));
      }
      continue;
    }
    const field = data.get(value, selection.dataKey) ?? null;
    result[selection.name] = selection.selections ? inputValue(data, field, selection.selections) : field;
  }
  return result;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A JSON value written as a GraphQL literal of the input type `shape` describes. */
export function literal(value: unknown, shape: InputShape): string {
  if (value === null || value === undefined) return 'null';
  switch (shape.kind) {
    case 'list':
      return Array.isArray(value)
        ? `[${value.map((item) => literal(item, shape.of)).join(',')}]`
        : literal(value, shape.of);
    case 'enum':
      return typeof value === 'string' && NAME.test(value) ? value : 'null';
    case 'object': {
      if (!isDataObject(value)) return 'null';
      const fields = Object.entries(shape.fields)
        .filter(([name]) => Object.hasOwn(value, name))
        .map(([name, inner]) => `${name}:${literal(value[name], inner)}`);
      return `{${fields.join(',')}}`;
    }
    case 'scalar':
      return scalarLiteral(value);
    default: {
      const unknown: never = shape;
      throw new Error(`Unknown input shape ${JSON.stringify(unknown)}`);
    }
  }
}

/** A custom scalar's JSON value (strings, numbers, booleans, lists and objects) as a literal. */
function scalarLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(scalarLiteral).join(',')}]`;
  if (isDataObject(value)) {
    const fields = Object.entries(value).filter(([name]) => NAME.test(name));
    return `{${fields.map(([name, inner]) => `${name}:${scalarLiteral(inner)}`).join(',')}}`;
  }
  return 'null';
}
