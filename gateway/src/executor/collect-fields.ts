import { type GraphQLSchema, isAbstractType, isInterfaceType, isNonNullType, isObjectType } from 'graphql';
import {
  type Condition,
  isDeferred,
  type NormalizedField,
  type NormalizedSelection,
} from '../planner/normalized-operation.js';
import { type OutputShape, outputShape } from './output-shape.js';

/** One response key of an object, with everything shaping needs to complete its value. */
export type CollectedField = TypenameField | IntrospectionField | ValueField | UnauthorizedField;

/** `__typename`, answered from the object's type. */
export interface TypenameField {
  readonly kind: 'typename';
  readonly responseKey: string;
}

/** A root `__schema`/`__type` field, answered by graphql-js from the API schema. */
export interface IntrospectionField {
  readonly kind: 'introspection';
  readonly responseKey: string;
}

/** A field the client may not see: null, with an UNAUTHORIZED_FIELD_OR_TYPE error at its path. */
export interface UnauthorizedField {
  readonly kind: 'unauthorized';
  readonly responseKey: string;
  /** A non-null field's null propagates to its parent. */
  readonly nonNull: boolean;
}

/** A field whose value comes from fetched data. */
export interface ValueField {
  readonly kind: 'value';
  readonly responseKey: string;
  readonly dataKey: string;
  /** `Type.field`, for error messages. */
  readonly coordinate: string;
  readonly shape: OutputShape;
  /** Sub-selections of every occurrence of the key, merged in order (CollectFields). */
  readonly selections?: readonly NormalizedSelection[];
  /**
   * Memo of `FieldCollector.collectChildren`: the fields of this field's value for the type
   * collected last, kept only when no `@skip`/`@include` can change them.
   */
  childFields: { readonly typeName: string; readonly fields: readonly CollectedField[] } | undefined;
}

/** Variable values of one request, already coerced. */
export type VariableValues = Readonly<Record<string, unknown>>;

/**
 * CollectFields (GraphQL spec 6.3.2) over normalised selections, for shaping responses.
 * Results that do not depend on variables are cached for the life of the operation; the others
 * per request, in the cache the caller passes.
 */
export class FieldCollector {
  private readonly staticCache = new WeakMap<readonly NormalizedSelection[], Map<string, CollectedField[]>>();
  private readonly conditional = new WeakMap<readonly NormalizedSelection[], boolean>();
  private readonly applies = new Map<string, boolean>();
  /** The field lists of `staticCache`: they last as long as their operation. */
  private readonly lasting = new WeakSet<readonly CollectedField[]>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** True for a field list collected once for its operation, not for one request's variables. */
  lasts(fields: readonly CollectedField[]): boolean {
    return this.lasting.has(fields);
  }

  /**
   * The fields of `field`'s value when its type is `typeName`. Shaping asks this for every object
   * of a response: the memo on the field spares the cache lookups of `collect`.
   */
  collectChildren(
    field: ValueField,
    typeName: string,
    variables: VariableValues,
    requestCache: WeakMap<readonly NormalizedSelection[], Map<string, CollectedField[]>>,
  ): readonly CollectedField[] {
    const memo = field.childFields;
    if (memo !== undefined && memo.typeName === typeName) return memo.fields;
    const selections = field.selections ?? NO_SELECTIONS;
    const fields = this.collect(selections, typeName, variables, requestCache);
    if (!this.hasConditions(selections)) field.childFields = { typeName, fields };
    return fields;
  }

  collect(
    selections: readonly NormalizedSelection[],
    typeName: string,
    variables: VariableValues,
    requestCache: WeakMap<readonly NormalizedSelection[], Map<string, CollectedField[]>>,
  ): readonly CollectedField[] {
    const lasting = !this.hasConditions(selections);
    const cache = lasting ? this.staticCache : requestCache;
    let byType = cache.get(selections);
    if (!byType) {
      byType = new Map();
      cache.set(selections, byType);
    }
    let fields = byType.get(typeName);
    if (!fields) {
      fields = this.compute(selections, typeName, variables);
      byType.set(typeName, fields);
      if (lasting) this.lasting.add(fields);
    }
    return fields;
  }

  private compute(
    selections: readonly NormalizedSelection[],
    typeName: string,
    variables: VariableValues,
  ): CollectedField[] {
    const grouped = new Map<string, NormalizedField[]>();
    this.gather(selections, typeName, variables, grouped);
    const parent = this.schema.getType(typeName);
    const definitions = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
    const result: CollectedField[] = [];
    for (const [responseKey, occurrences] of grouped) {
      const first = occurrences[0] as NormalizedField;
      if (first.name === '__typename') {
        result.push({ kind: 'typename', responseKey });
        continue;
      }
      const definition = definitions[first.name];
      if (!definition) {
        if (first.name === '__schema' || first.name === '__type')
          result.push({ kind: 'introspection', responseKey });
        continue;
      }
      // An occurrence the client may see (another fragment's) makes the field visible for this type.
      if (occurrences.every((occurrence) => occurrence.unauthorized)) {
        result.push({ kind: 'unauthorized', responseKey, nonNull: isNonNullType(definition.type) });
        continue;
      }
      const selectionLists = occurrences.flatMap((occurrence) =>
        occurrence.selections ? [occurrence.selections] : [],
      );
      const merged = selectionLists.length === 1 ? selectionLists[0] : selectionLists.flat();
      result.push({
        responseKey,
        dataKey: first.dataKey,
        coordinate: `${typeName}.${first.name}`,
        kind: 'value',
        shape: outputShape(this.schema, definition.type),
        ...(merged && { selections: merged }),
        childFields: undefined,
      });
    }
    return result;
  }

  private gather(
    selections: readonly NormalizedSelection[],
    typeName: string,
    variables: VariableValues,
    into: Map<string, NormalizedField[]>,
  ): void {
    for (const selection of selections) {
      if (!conditionsHold(selection.conditions, variables)) continue;
      if (selection.kind === 'Field') {
        const existing = into.get(selection.responseKey);
        if (existing) existing.push(selection);
        else into.set(selection.responseKey, [selection]);
      } else if (
        this.typeConditionApplies(selection.typeCondition, typeName) &&
        // A deferred fragment is delivered on its own, after the object it sits in.
        (selection.defer === undefined || !isDeferred(selection.defer, variables))
      ) {
        this.gather(selection.selections, typeName, variables, into);
      }
    }
  }

  private hasConditions(selections: readonly NormalizedSelection[]): boolean {
    let result = this.conditional.get(selections);
    if (result === undefined) {
      result = selections.some(
        (selection) =>
          selection.conditions.length > 0 ||
          (selection.kind === 'InlineFragment' &&
            (selection.defer?.ifVariable !== undefined || this.hasConditions(selection.selections))),
      );
      this.conditional.set(selections, result);
    }
    return result;
  }

  private typeConditionApplies(condition: string | undefined, typeName: string): boolean {
    if (condition === undefined || condition === typeName) return true;
    const key = `${condition}|${typeName}`;
    let result = this.applies.get(key);
    if (result === undefined) {
      const abstract = this.schema.getType(condition);
      const object = this.schema.getType(typeName);
      result = isAbstractType(abstract) && isObjectType(object) && this.schema.isSubType(abstract, object);
      this.applies.set(key, result);
    }
    return result;
  }
}

const NO_SELECTIONS: readonly NormalizedSelection[] = [];

/** True when every `@skip`/`@include` condition lets the selection through. */
export function conditionsHold(conditions: readonly Condition[], variables: VariableValues): boolean {
  for (const condition of conditions) {
    if ((variables[condition.variable] === true) !== condition.include) return false;
  }
  return true;
}
