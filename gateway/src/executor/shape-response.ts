import { GraphQLError, type GraphQLSchema, isInterfaceType, isObjectType } from 'graphql';
import type { NormalizedSelection } from '../planner/normalized-operation.js';
import type { CollectedField, FieldCollector, ValueField, VariableValues } from './collect-fields.js';
import { pathKey, type ResponsePath } from './data-path.js';
import { type DataObject, isDataObject, setOwn } from './merge-data.js';
import type { OutputShape } from './output-shape.js';

/** A null an enclosing non-null position must propagate (its error is already recorded). */
const BUBBLE = Symbol('bubble');
/** A null whose error is already recorded: a non-null parent propagates it without a second error. */
const ERRORED_NULL = Symbol('errored-null');

/**
 * Shapes the final response by walking the client operation over the merged data: fields in
 * CollectFields order with the request's variables, aliases restored, `__typename` answered,
 * internal fields left out, leaf values checked, and nulls propagated per spec 6.4.4 (a null in
 * a non-null position nulls the nearest nullable parent and records one error).
 */
export class ResponseShaper {
  private readonly path: ResponsePath = [];
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
  ) {}

  /** Returns the response's `data`: null when a non-null root field is null. */
  shape(rootType: string, selections: readonly NormalizedSelection[], data: DataObject): DataObject | null {
    const shaped = this.completeObject(data, rootType, true, selections);
    return shaped === BUBBLE ? null : shaped;
  }

  private completeObject(
    source: DataObject,
    typeName: string,
    isObject: boolean,
    selections: readonly NormalizedSelection[],
  ): DataObject | typeof BUBBLE {
    const fields = this.collector.collect(selections, typeName, this.variables, this.requestCache);
    const result: DataObject = {};
    let bubbled = false;
    for (const field of fields) {
      if (field.kind === 'value') {
        this.path.push(field.responseKey);
        const value = this.completeValue(source[field.dataKey], field.shape, field);
        this.path.pop();
        if (value === BUBBLE) bubbled = true;
        else setOwn(result, field.responseKey, value === ERRORED_NULL ? null : value);
      } else if (field.kind === 'typename') {
        if (!isObject) {
          // An `@interfaceObject` object whose concrete type no fetch told.
          this.path.push(field.responseKey);
          this.invalid('Invalid __typename found for object.');
          this.path.pop();
          return BUBBLE;
        }
        setOwn(result, field.responseKey, typeName);
      } else {
        setOwn(result, field.responseKey, source[field.responseKey] ?? null);
      }
    }
    return bubbled ? BUBBLE : result;
  }

  private completeValue(value: unknown, shape: OutputShape, field: ValueField): unknown {
    switch (shape.kind) {
      case 'nonNull': {
        const completed = this.completeValue(value, shape.of, field);
        if (completed === null) {
          if (!this.isAccountedFor()) this.recordNonNull(field, shape.nullable);
          return BUBBLE;
        }
        return completed === ERRORED_NULL ? BUBBLE : completed;
      }
      case 'list': {
        if (value === null || value === undefined) return null;
        if (!Array.isArray(value))
          return this.invalid(`Invalid non-list value found for field ${field.coordinate}.`);
        const items: unknown[] = new Array(value.length);
        let bubbled = false;
        for (let index = 0; index < value.length; index += 1) {
          this.path.push(index);
          const item = this.completeValue(value[index], shape.of, field);
          this.path.pop();
          if (item === BUBBLE) bubbled = true;
          else items[index] = item === ERRORED_NULL ? null : item;
        }
        return bubbled ? ERRORED_NULL : items;
      }
      case 'leaf':
        if (value === null || value === undefined) return null;
        return shape.isValid(value)
          ? value
          : this.invalid(`Invalid value found for field ${field.coordinate}.`);
      case 'object': {
        if (value === null || value === undefined) return null;
        if (!isDataObject(value))
          return this.invalid(`Invalid non-object value found for field ${field.coordinate}.`);
        const shaped = this.completeObject(value, shape.name, true, field.selections ?? []);
        return shaped === BUBBLE ? ERRORED_NULL : shaped;
      }
      case 'abstract': {
        if (value === null || value === undefined) return null;
        if (!isDataObject(value))
          return this.invalid(`Invalid non-object value found for field ${field.coordinate}.`);
        const typename = value.__typename;
        const isObject = typeof typename === 'string' && shape.possible.has(typename);
        if (!isObject && !this.isInterfaceOf(typename, shape.name)) {
          return this.invalid(`Invalid __typename found for object at field ${field.coordinate}.`);
        }
        const shaped = this.completeObject(value, typename as string, isObject, field.selections ?? []);
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
