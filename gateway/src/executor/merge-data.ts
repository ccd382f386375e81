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

/** Reads fields of the gateway's data: what fetches merged into an object, then its own fields. */
export interface DataReader {
  /** The value under `key`, undefined when the object has none. */
  get(object: DataObject, key: string): unknown;
  /** What later fetches merged into the object, when any did: read before the object's own fields. */
  addedTo(object: DataObject): DataObject | undefined;
}

/**
 * The value under `key` of an object whose additions (`DataReader.addedTo`) are `added`:
 * for reading several fields of one object with one lookup of its additions.
 *
 * Read as plain property loads, not through `Object.hasOwn` (a call per field, on the hottest
 * path of merging and shaping): the gateway's data is JSON, so what a load finds that is not an
 * own value can only come from `Object.prototype`, and is a function or, for `__proto__`, the
 * prototype itself. A value is never undefined (merges skip undefined), so undefined is "absent".
 */
export function readField(object: DataObject, added: DataObject | undefined, key: string): unknown {
  if (added !== undefined) {
    const value = added[key];
    if (value !== undefined && isDataValue(value)) return value;
  }
  const value = object[key];
  return isDataValue(value) ? value : undefined;
}

/** False for what a property load finds on `Object.prototype`: never a value of JSON data. */
function isDataValue(value: unknown): boolean {
  return typeof value !== 'function' && value !== Object.prototype;
}

/** Reads objects as they are: for data no fetch merged into (a response on its own, a test's fixture). */
export const OWN_FIELDS: DataReader = {
  get: (object, key) => readField(object, undefined, key),
  addedTo: () => undefined,
};

/**
 * The data of one execution, gathered from subgraph responses without changing any of them:
 * responses are shared between requests (identical fetches in flight share one parsed answer),
 * so what a later fetch adds to an object is kept beside it, per execution, and every reader
 * goes through `get`. Objects merge key by key, lists element by element (a list with an element
 * replaced is copied), and a null stays null. A `__typename` naming an interface (sent back by
 * an `@interfaceObject` subgraph) never replaces the concrete type already known.
 */
export class MergedData implements DataReader {
  /** The response's root object, private to the execution. */
  readonly root: DataObject = {};
  private readonly added = new Map<DataObject, DataObject>();
  /**
   * The additions this execution made and may write. Every other addition is borrowed: a fetched
   * object standing as what was added to a target, or a combination (see `combined`), shared and
   * never written. Own ones are the rarer (a fetch bringing a field the target already has), so
   * they are the ones filed: an entity's usual merge files nothing but its addition.
   */
  private readonly owned = new Set<DataObject>();
  /**
   * Objects found at a path (see `objectsAt`), by path, kept until a merge changes what a path
   * can reach: the entity fetches of one wave that start from the same path (one per selection)
   * walk it once, and a later wave walks it again only if a merge since added, replaced or
   * removed an object or list, or changed a `__typename` (which type filters read). Merges of
   * leaf values (the usual later waves: prices, names, stock) keep what was found.
   */
  private readonly found = new Map<string, readonly DataObject[]>();
  /**
   * Borrowed additions with a fetched object's fields added, by that fetched object: an entity's
   * later fetch adds the same new fields to every object naming the entity (its result is
   * interned), over the same borrowed addition, so one combination serves them all. Like a
   * borrowed addition it is read, never written.
   */
  private readonly combined = new Map<DataObject, Combination>();

  constructor(private readonly isInterfaceName: (name: string) => boolean) {}

  /** Forgets every addition: for the end of the execution, once the response is shaped. */
  clear(): void {
    this.added.clear();
    this.owned.clear();
    this.found.clear();
    this.combined.clear();
  }

  /** The objects last found under `key` (a path's), when no merge since changed what paths reach. */
  foundAt(key: string): readonly DataObject[] | undefined {
    return this.found.get(key);
  }

  /** Keeps the objects found under `key` until a merge changes what paths reach. */
  keepFound(key: string, objects: readonly DataObject[]): void {
    this.found.set(key, objects);
  }

  get(object: DataObject, key: string): unknown {
    return readField(object, this.added.get(object), key);
  }

  addedTo(object: DataObject): DataObject | undefined {
    return this.added.get(object);
  }

  /** Merges fetched `source` into `target`, an object of this execution's data. */
  merge(target: DataObject, source: DataObject): void {
    let added = this.added.get(target);
    if (added === undefined || !this.isOwned(added)) {
      const adds = newFields(target, added, source);
      if (adds !== NOT_ONLY_NEW) {
        // Usual for an entity's first fetch: every field is new, so the fetched object itself is
        // what this execution adds to the target (read, never written: copied before a later merge).
        // Usual for its later fetches: every field is new beside that, and the combination is shared.
        if (added === undefined) {
          this.added.set(target, source);
        } else {
          this.added.set(target, this.combination(added, source));
        }
        if (adds === NEW_WITH_STRUCTURE) this.forgetFound();
        return;
      }
      // A borrowed addition is never written: this target gets a copy of its own.
      if (added !== undefined) {
        added = this.own(copyOf(added));
        this.added.set(target, added);
      }
    }
    // for-in, not Object.keys: no array per merged object (parsed JSON has no inherited keys).
    for (const key in source) {
      const incoming = source[key];
      if (incoming === undefined) continue;
      const existing = readField(target, added, key);
      if (existing === null && isDataObject(incoming)) {
        // A fetch nulled this object (an error below it, or it is not there): another fetch's
        // part of it must not bring it back, whichever answers first.
        continue;
      }
      if (
        key === '__typename' &&
        existing !== undefined &&
        typeof incoming === 'string' &&
        this.isInterfaceName(incoming)
      ) {
        continue; // keep the concrete type
      }
      const merged = this.mergeValue(existing, incoming);
      if (merged === existing) continue;
      if (isStructure(key, existing) || isStructure(key, merged)) this.forgetFound();
      if (added === undefined) {
        added = this.own({});
        this.added.set(target, added);
      }
      setOwn(added, key, merged);
    }
  }

  /** `over` (a borrowed addition) with `source`'s fields added, none of which it has: made once per pair. */
  private combination(over: DataObject, source: DataObject): DataObject {
    const known = this.combined.get(source);
    if (known !== undefined && known.over === over) return known.addition;
    const addition = copyOf(over);
    // Only plain keys with values reach here (see `newFields`).
    for (const key in source) addition[key] = source[key];
    this.combined.set(source, { over, addition });
    return addition;
  }

  private isOwned(addition: DataObject): boolean {
    return this.owned.size > 0 && this.owned.has(addition);
  }

  /** Files a new addition as this execution's own, to write. */
  private own(addition: DataObject): DataObject {
    this.owned.add(addition);
    return addition;
  }

  /** Forgets the objects found at paths: a merge changed what a path can reach. */
  private forgetFound(): void {
    if (this.found.size > 0) this.found.clear();
  }

  /** `incoming` merged with `existing`: `existing` itself when `incoming` merged into it. */
  private mergeValue(existing: unknown, incoming: unknown): unknown {
    if (isDataObject(existing) && isDataObject(incoming)) {
      this.merge(existing, incoming);
      return existing;
    }
    if (Array.isArray(existing) && Array.isArray(incoming) && existing.length === incoming.length) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < incoming.length; index += 1) {
        const before = existing[index];
        const after = this.mergeValue(before, incoming[index]);
        if (after === before) continue;
        copy ??= existing.slice();
        copy[index] = after;
      }
      return copy ?? existing;
    }
    return incoming;
  }
}

/** What `newFields` found. */
const NOT_ONLY_NEW = 0;
const NEW_LEAVES = 1;
const NEW_WITH_STRUCTURE = 2;
type NewFields = typeof NOT_ONLY_NEW | typeof NEW_LEAVES | typeof NEW_WITH_STRUCTURE;

/** A borrowed addition with a fetched object's fields added (see `MergedData.combination`). */
interface Combination {
  readonly over: DataObject;
  readonly addition: DataObject;
}

/**
 * Whether `source` has fields and each is one `target` and its addition (if any) lack, so that
 * merging it only adds fields; and then whether one of them changes what a path can reach (see
 * `isStructure`).
 */
function newFields(target: DataObject, added: DataObject | undefined, source: DataObject): NewFields {
  let adds: NewFields = NOT_ONLY_NEW;
  for (const key in source) {
    const value = source[key];
    if (
      value === undefined ||
      key === '__proto__' ||
      Object.hasOwn(target, key) ||
      (added !== undefined && Object.hasOwn(added, key))
    )
      return NOT_ONLY_NEW;
    if (adds !== NEW_WITH_STRUCTURE) adds = isStructure(key, value) ? NEW_WITH_STRUCTURE : NEW_LEAVES;
  }
  return adds;
}

/**
 * True for a value whose coming or going changes what a path reaches: an object or a list (a
 * path walks through them), or any `__typename` (a path's type filters read it).
 */
function isStructure(key: string, value: unknown): boolean {
  return (typeof value === 'object' && value !== null) || key === '__typename';
}

/** A writable copy of a fetched object's own fields. */
function copyOf(source: DataObject): DataObject {
  const copy: DataObject = {};
  for (const key in source) setOwn(copy, key, source[key]);
  return copy;
}
