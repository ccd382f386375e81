import { type DataObject, isDataObject, type MergedData } from './merge-data.js';

/** A concrete response path: field keys and list indices. */
export type ResponsePath = (string | number)[];

/**
 * The objects found at a Flatten path (`products.@.reviews.@|[Review]`), in document order.
 * Lists met where a key is expected are traversed too; nulls are skipped.
 */
export function objectsAt(data: MergedData, path: readonly string[]): DataObject[] {
  const found: DataObject[] = [];
  walk(data, data.root, path, 0, found, undefined, undefined);
  return found;
}

/** The concrete paths of the objects `objectsAt` returns, in the same order. */
export function objectPathsAt(data: MergedData, path: readonly string[]): ResponsePath[] {
  const paths: ResponsePath[] = [];
  walk(data, data.root, path, 0, undefined, [], paths);
  return paths;
}

function walk(
  data: MergedData,
  value: unknown,
  path: readonly string[],
  depth: number,
  found: DataObject[] | undefined,
  current: ResponsePath | undefined,
  paths: ResponsePath[] | undefined,
): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    const next = path[depth] === '@' ? depth + 1 : depth;
    for (let index = 0; index < value.length; index += 1) {
      current?.push(index);
      walk(data, value[index], path, next, found, current, paths);
      current?.pop();
    }
    return;
  }
  if (!isDataObject(value)) return;
  const segment = path[depth];
  if (segment === undefined) {
    found?.push(value);
    if (current && paths) paths.push([...current]);
    return;
  }
  if (segment === '@') return;
  if (segment.startsWith('|[')) {
    const typename = data.get(value, '__typename');
    if (typeof typename === 'string' && typeFilter(segment).includes(typename)) {
      walk(data, value, path, depth + 1, found, current, paths);
    }
    return;
  }
  const child = data.get(value, segment);
  if (child === undefined) return;
  current?.push(segment);
  walk(data, child, path, depth + 1, found, current, paths);
  current?.pop();
}

const filters = new Map<string, readonly string[]>();

/** The type names of a `|[A,B]` path segment (parsed once per segment). */
export function typeFilter(segment: string): readonly string[] {
  let types = filters.get(segment);
  if (!types) {
    types = segment.slice(2, -1).split(',');
    filters.set(segment, types);
  }
  return types;
}

/** The key under which a path is indexed: segments joined by a separator no key contains. */
export function pathKey(path: readonly (string | number)[]): string {
  return path.join('\u0000');
}

/**
 * How many leading segments of a concrete path match a data path template (`@` matches an index,
 * `|[T]` filters are skipped), or undefined when it does not start with the template.
 */
export function matchTemplate(
  path: readonly (string | number)[],
  template: readonly string[],
): number | undefined {
  let position = 0;
  for (const segment of template) {
    if (segment.startsWith('|[')) continue;
    const actual = path[position];
    if (segment === '@' ? typeof actual !== 'number' : actual !== segment) return undefined;
    position += 1;
  }
  return position;
}
