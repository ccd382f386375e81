/** A JSON object as the gateway holds fetched data. */
export type DataObject = Record<string, unknown>;

/** True for non-null, non-array objects. */
export function isDataObject(value: unknown): value is DataObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets an own property, also for the key `__proto__` (a legal GraphQL alias) which plain
 * assignment would treat as the prototype.
 */
export function setOwn(target: DataObject, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Deep-merges fetched data into the data gathered so far: objects merge key by key, lists
 * element by element, and a null stays null. A `__typename` naming an interface (sent back by an `@interfaceObject`
 * subgraph) never replaces the concrete type already known.
 */
export function mergeData(
  target: DataObject,
  source: DataObject,
  isInterfaceName: (name: string) => boolean,
): void {
  // for-in, not Object.keys: no array per merged object (parsed JSON has no inherited keys).
  for (const key in source) {
    const incoming = source[key];
    const existing = Object.hasOwn(target, key) ? target[key] : undefined;
    if (isDataObject(existing) && isDataObject(incoming)) {
      mergeData(existing, incoming, isInterfaceName);
    } else if (existing === null && isDataObject(incoming)) {
      // A fetch nulled this object (an error below it, or it is not there): another fetch's
      // part of it must not bring it back, whichever answers first.
    } else if (Array.isArray(existing) && Array.isArray(incoming) && existing.length === incoming.length) {
      mergeLists(existing, incoming, isInterfaceName);
    } else if (
      key === '__typename' &&
      existing !== undefined &&
      typeof incoming === 'string' &&
      isInterfaceName(incoming)
    ) {
      // keep the concrete type
    } else if (incoming !== undefined) {
      setOwn(target, key, incoming);
    }
  }
}

function mergeLists(target: unknown[], source: unknown[], isInterfaceName: (name: string) => boolean): void {
  for (let index = 0; index < source.length; index += 1) {
    const existing = target[index];
    const incoming = source[index];
    if (isDataObject(existing) && isDataObject(incoming)) mergeData(existing, incoming, isInterfaceName);
    else if (Array.isArray(existing) && Array.isArray(incoming) && existing.length === incoming.length) {
      mergeLists(existing, incoming, isInterfaceName);
    } else target[index] = incoming;
  }
}
