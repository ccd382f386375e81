import { type FieldRead, generatedReads } from './field-reads.js';
import type { DataObject, MergedData } from './merge-data.js';

/** A concrete response path: field keys and list indices. */
export type ResponsePath = (string | number)[];

/**
 * The objects found at a Flatten path (`products.@.reviews.@|[Review]`), in document order.
 * Lists met where a key is expected are traversed too; nulls are skipped. Asked again for the
 * same path before anything was merged, it answers what it found the first time.
 */
export function objectsAt(data: MergedData, path: readonly string[]): readonly DataObject[] {
  const key = pathKey(path);
  const known = data.foundAt(key);
  if (known) return known;
  const found: DataObject[] = [];
  collect(
    data,
    data.root,
    path,
    0,
    found,
    generatedReads(path, () => path.map(keyOfSegment)),
  );
  data.keepFound(key, found);
  return found;
}

/** The data key a path segment reads; undefined for a list (`@`) or a type filter (`|[A,B]`). */
function keyOfSegment(segment: string): string | undefined {
  return segment === '@' || segment.startsWith('|[') ? undefined : segment;
}

/**
 * Walks `value` down `path` from `depth`, gathering the objects at its end. It tracks no paths
 * (`collectPaths` does): it runs for every entity fetch, paths are needed only to report errors.
 */
function collect(
  data: MergedData,
  value: unknown,
  path: readonly string[],
  depth: number,
  found: DataObject[],
  reads: readonly (FieldRead | undefined)[] | undefined,
): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    const next = path[depth] === '@' ? depth + 1 : depth;
    for (let index = 0; index < value.length; index += 1)
      collect(data, value[index], path, next, found, reads);
    return;
  }
  const segment = path[depth];
  if (segment === undefined) {
    found.push(value as DataObject);
    return;
  }
  if (segment === '@') return;
  if (segment.startsWith('|[')) {
    const typename = data.get(value as DataObject, '__typename');
    if (typeof typename === 'string' && typeFilter(segment).includes(typename)) {
      collect(data, value, path, depth + 1, found, reads);
    }
    return;
  }
  const read = reads?.[depth];
  const next = read
    ? read(value as DataObject, data.addedTo(value as DataObject))
    : data.get(value as DataObject, segment);
  collect(data, next, path, depth + 1, found, reads);
}

/** The concrete paths of the objects `objectsAt` returns, in the same order. */
export function objectPathsAt(data: MergedData, path: readonly string[]): ResponsePath[] {
  const paths: ResponsePath[] = [];
  collectPaths(data, data.root, path, 0, [], paths);
  return paths;
}

/** `collect`, keeping the path to each object instead of the object. */
function collectPaths(
  data: MergedData,
  value: unknown,
  path: readonly string[],
  depth: number,
  current: ResponsePath,
  paths: ResponsePath[],
): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    const next = path[depth] === '@' ? depth + 1 : depth;
    for (let index = 0; index < value.length; index += 1) {
      current.push(index);
      collectPaths(data, value[index], path, next, current, paths);
      current.pop();
    }
    return;
  }
  const segment = path[depth];
  if (segment === undefined) {
    paths.push([...current]);
    return;
  }
  if (segment === '@') return;
  if (segment.startsWith('|[')) {
    const typename = data.get(value as DataObject, '__typename');
    if (typeof typename === 'string' && typeFilter(segment).includes(typename)) {
      collectPaths(data, value, path, depth + 1, current, paths);
    }
    return;
  }
  current.push(segment);
  collectPaths(data, data.get(value as DataObject, segment), path, depth + 1, current, paths);
  current.pop();
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
