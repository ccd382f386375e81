import { GraphQLError, type GraphQLSchema, isInterfaceType, isObjectType } from 'graphql';
import { UNAUTHORIZED_FIELD_OR_TYPE } from '../errors.js';
import type { NormalizedSelection } from '../planner/normalized-operation.js';
import type {
  CollectedField,
  FieldCollector,
  UnauthorizedField,
  ValueField,
  VariableValues,
} from './collect-fields.js';
import {
  type CompiledObject,
  compileObjectCompletion,
  hasExactKeys,
  type ObjectCompletion,
} from './compiled-object.js';
import { pathKey, type ResponsePath } from './data-path.js';
import {
  type DataObject,
  type DataReader,
  isDataObject,
  OWN_FIELDS,
  readField,
  setOwn,
} from './merge-data.js';
import type { OutputShape } from './output-shape.js';

/** A null an enclosing non-null position must propagate (its error is already recorded). */
const BUBBLE = Symbol('bubble');
/** A null whose error is already recorded: a non-null parent propagates it without a second error. */
const ERRORED_NULL = Symbol('errored-null');
/**
 * An `@interfaceObject` object whose concrete type no fetch told (its entity resolved to null in
 * every subgraph owning the implementations): it names no object, so it completes to null.
 */
const UNTYPED = Symbol('untyped');
const MARKERS = { bubble: BUBBLE, erroredNull: ERRORED_NULL, untyped: UNTYPED };

/**
 * By field list lasting as long as its operation: how many objects it completed generically, then
 * its generated completion (null: not compilable).
 */
const completions = new WeakMap<readonly CollectedField[], number | CompiledObject | null>();

/**
 * Objects a lasting field list completes generically before its completion is generated: code is
 * generated for the lists that are used (at about 0.2 ms for ten fields), not for every operation
 * that is planned once.
 */
const GENERATE_AFTER_OBJECTS = 100;

/**
 * Shapes the final response by walking the client operation over the merged data: fields in
 * CollectFields order with the request's variables, aliases restored, `__typename` answered,
 * internal fields left out, leaf values checked, and nulls propagated per spec 6.4.4 (a null in
 * a non-null position nulls the nearest nullable parent and records one error).
 */
export class ResponseShaper implements ObjectCompletion {
  readonly path: ResponsePath = [];
  private readonly requestCache = new WeakMap<
    readonly NormalizedSelection[],
    Map<string, CollectedField[]>
  >();
  private accounted: { below: Set<string>; at: Set<string> } | undefined;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly collector: FieldCollector,
    private readonly variables: VariableValues,
    private readonly errors: GraphQLError[],
    private readonly silenced: ReadonlySet<string> = new Set(),
    /** How fields are read: through what fetches merged into the fetched objects. */
    private readonly data: DataReader = OWN_FIELDS,
    /**
     * How many objects a lasting field list completes generically before it gets a completion
     * generated for it (see `compileObjectCompletion`); Infinity: never.
     */
    private readonly generateAfter = GENERATE_AFTER_OBJECTS,
  ) {}

  /** Returns the response's `data`: null when a non-null root field is null. */
  shape(rootType: string, selections: readonly NormalizedSelection[], data: DataObject): DataObject | null {
    const fields = this.collector.collect(selections, rootType, this.variables, this.requestCache);
    const shaped = this.completeObject(data, rootType, true, fields);
    return shaped === BUBBLE || shaped === UNTYPED ? null : shaped;
  }

  /**
   * Shapes one object found at `path` in the data by `selections` (a deferred fragment's):
   * errors carry paths from the root; null when a non-null field inside is null.
   */
  shapeAt(
    typeName: string,
    selections: readonly NormalizedSelection[],
    object: DataObject,
    path: ResponsePath,
  ): DataObject | null {
    const fields = this.collector.collect(selections, typeName, this.variables, this.requestCache);
    this.path.push(...path);
    try {
      const isObject = isObjectType(this.schema.getType(typeName));
      const shaped = this.completeObject(object, typeName, isObject, fields);
      return shaped === BUBBLE || shaped === UNTYPED ? null : shaped;
    } finally {
      this.path.length = 0;
    }
  }

  private completeObject(
    source: DataObject,
    typeName: string,
    isObject: boolean,
    fields: readonly CollectedField[],
  ): DataObject | typeof BUBBLE | typeof UNTYPED {
    const compiled = this.compiledFor(fields);
    if (compiled !== undefined) {
      return compiled(this, source, this.data.addedTo(source), typeName, isObject) as
        | DataObject
        | typeof BUBBLE
        | typeof UNTYPED;
    }
    // Subgraphs often answer an object exactly as the client asked for it (same keys in the same
    // order, nothing internal, nothing merged in): then the object itself is the answer and no
    // copy is made. The copy starts at the first field whose value differs.
    const added = this.data.addedTo(source);
    let result: DataObject | undefined = added === undefined && hasExactKeys(source, fields) ? undefined : {};
    let bubbled = false;
    for (let index = 0; index < fields.length; index += 1) {
      const field = fields[index] as CollectedField;
      let value: unknown;
      if (field.kind === 'value') {
        this.path.push(field.responseKey);
        value = this.completeValue(readField(source, added, field.dataKey), field.shape, field);
        this.path.pop();
        if (value === BUBBLE) {
          bubbled = true;
          continue;
        }
        if (value === ERRORED_NULL) value = null;
      } else if (field.kind === 'typename') {
        if (!isObject) return UNTYPED;
        value = typeName;
      } else if (field.kind === 'unauthorized') {
        this.unauthorized(field);
        if (field.nonNull) {
          bubbled = true;
          continue;
        }
        value = null;
      } else {
        value = readField(source, added, field.responseKey) ?? null;
      }
      if (result === undefined) {
        if (value === source[field.responseKey]) continue;
        result = copyFields(source, fields, index);
      }
      setOwn(result, field.responseKey, value);
    }
    if (bubbled) return BUBBLE;
    return result ?? source;
  }

  private compiledFor(fields: readonly CollectedField[]): CompiledObject | undefined {
    if (this.generateAfter === Number.POSITIVE_INFINITY) return undefined;
    const known = completions.get(fields);
    if (typeof known === 'function') return known;
    if (known === null) return undefined;
    if (known === undefined && !this.collector.lasts(fields)) return undefined;
    const completed = known ?? 0;
    if (completed < this.generateAfter) {
      completions.set(fields, completed + 1);
      return undefined;
    }
    const compiled = compileObjectCompletion(fields, MARKERS) ?? null;
    completions.set(fields, compiled);
    return compiled ?? undefined;
  }

  nullInNonNull(field: ValueField, shape: Extract<OutputShape, { kind: 'nonNull' }>): void {
    if (!this.isAccountedFor()) this.recordNonNull(field, shape.nullable);
  }

  invalidLeaf(field: ValueField): void {
    this.invalid(`Invalid value found for field ${field.coordinate}.`);
  }

  unauthorized(field: UnauthorizedField): void {
    this.errors.push(
      UNAUTHORIZED_FIELD_OR_TYPE.err('Unauthorized field or type', {
        path: [...this.path, field.responseKey],
      }),
    );
  }

  completeValue(value: unknown, shape: OutputShape, field: ValueField): unknown {
    switch (shape.kind) {
      case 'nonNull': {
        const completed = this.completeValue(value, shape.of, field);
        if (completed === null) {
          this.nullInNonNull(field, shape);
          return BUBBLE;
        }
        return completed === ERRORED_NULL ? BUBBLE : completed;
      }
      case 'list': {
        if (value === null || value === undefined) return null;
        if (!Array.isArray(value))
          return this.invalid(`Invalid non-list value found for field ${field.coordinate}.`);
        // Like objects: the fetched list is the answer while every item completes to itself.
        let items: unknown[] | undefined;
        let bubbled = false;
        for (let index = 0; index < value.length; index += 1) {
          this.path.push(index);
          let item = this.completeValue(value[index], shape.of, field);
          this.path.pop();
          if (item === BUBBLE) {
            bubbled = true;
            continue;
          }
          if (item === ERRORED_NULL) item = null;
          if (items === undefined) {
            if (item === value[index]) continue;
            items = value.slice(0, index);
          }
          items[index] = item;
        }
        return bubbled ? ERRORED_NULL : (items ?? value);
      }
      case 'leaf':
        if (value === null || value === undefined) return null;
        if (shape.isValid(value)) return value;
        this.invalidLeaf(field);
        return ERRORED_NULL;
      case 'object': {
        if (value === null || value === undefined) return null;
        if (!isDataObject(value))
          return this.invalid(`Invalid non-object value found for field ${field.coordinate}.`);
        const fields = this.collector.collectChildren(field, shape.name, this.variables, this.requestCache);
        const shaped = this.completeObject(value, shape.name, true, fields);
        if (shaped === UNTYPED) return null;
        return shaped === BUBBLE ? ERRORED_NULL : shaped;
      }
      case 'abstract': {
        if (value === null || value === undefined) return null;
        if (!isDataObject(value))
          return this.invalid(`Invalid non-object value found for field ${field.coordinate}.`);
        const typename = this.data.get(value, '__typename');
        const isObject = typeof typename === 'string' && shape.possible.has(typename);
        if (!isObject && !this.isInterfaceOf(typename, shape.name)) {
          return this.invalid(`Invalid __typename found for object at field ${field.coordinate}.`);
        }
        const fields = this.collector.collectChildren(
          field,
          typename as string,
          this.variables,
          this.requestCache,
        );
        const shaped = this.completeObject(value, typename as string, isObject, fields);
        // Like an entity no subgraph knows: null, and an error only where the position is non-null.
        if (shaped === UNTYPED) return null;
        return shaped === BUBBLE ? ERRORED_NULL : shaped;
      }
      default: {
        const unknown: never = shape;
        throw new Error(`Unknown output shape ${JSON.stringify(unknown)}`);
      }
    }
  }

  /**
   * True when `typename` names the abstract type itself or an interface below it: an
   * `@interfaceObject` subgraph's object, whose interface fields can still be shaped.
   */
  private isInterfaceOf(typename: unknown, abstractName: string): boolean {
    if (typeof typename !== 'string') return false;
    const runtime = this.schema.getType(typename);
    const abstract = this.schema.getType(abstractName);
    if (!isInterfaceType(runtime) || !abstract || isObjectType(abstract)) return false;
    return runtime === abstract || this.schema.isSubType(abstract as never, runtime);
  }

  private invalid(message: string): typeof ERRORED_NULL {
    this.errors.push(new GraphQLError(message, { path: [...this.path] }));
    return ERRORED_NULL;
  }

  private recordNonNull(field: ValueField, nullableType: string): void {
    const last = this.path[this.path.length - 1];
    const message =
      typeof last === 'number'
        ? `Cannot return null for non-nullable array element of type ${nullableType} at index ${last}.`
        : `Cannot return null for non-nullable field ${field.coordinate}.`;
    this.errors.push(new GraphQLError(message, { path: [...this.path] }));
  }

  /**
   * True when the null at this path is explained by an error already recorded at it, below it or
   * above it (the fetch that owned it failed, or a subgraph nulled an enclosing object).
   */
  private isAccountedFor(): boolean {
    if (this.errors.length === 0 && this.silenced.size === 0) return false;
    this.accounted ??= this.index();
    if (this.accounted.below.has(pathKey(this.path))) return true;
    for (let length = this.path.length; length > 0; length -= 1) {
      const key = pathKey(this.path.slice(0, length));
      if (this.accounted.at.has(key) || this.silenced.has(key)) return true;
    }
    return false;
  }

  private index(): { below: Set<string>; at: Set<string> } {
    const below = new Set<string>();
    const at = new Set<string>();
    for (const error of this.errors) {
      const path = error.path ?? [];
      if (path.length > 0) at.add(pathKey(path));
      for (let length = 1; length <= path.length; length += 1) below.add(pathKey(path.slice(0, length)));
    }
    return { below, at };
  }
}

/** A new object holding the first `count` fields of `source`, which completed to themselves. */
function copyFields(source: DataObject, fields: readonly CollectedField[], count: number): DataObject {
  const copy: DataObject = {};
  for (let index = 0; index < count; index += 1) {
    const key = (fields[index] as CollectedField).responseKey;
    setOwn(copy, key, source[key]);
  }
  return copy;
}
