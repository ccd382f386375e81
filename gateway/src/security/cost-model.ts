import {
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInputObjectType,
} from 'graphql';
import {
  type CostDirectives,
  type ListSizeDirective,
  noCostDirectives,
} from '../supergraph/cost-directives.js';

/** What a value weighs where the schema's `@cost` says nothing, and the list size assumed. */
export interface CostWeights {
  /** Weight of each object in the answer (IBM's default for composite types: 1). */
  objectWeight: number;
  /** Weight of each scalar or enum value in the answer (IBM's default: 0). */
  scalarWeight: number;
  /** Items assumed in a list whose size neither `@listSize` nor a slicing argument gives. */
  defaultListSize: number;
}

/**
 * The weights of one API schema: `@cost` and `@listSize` where the supergraph has them (IBM's
 * GraphQL cost specification), `CostWeights` elsewhere. A field's weight is its own `@cost`,
 * else its type's, else the default for objects or for leaves; an interface or union weighs as
 * much as its heaviest member, so an estimate is never below what the answer turns out to cost.
 */
export class CostModel {
  readonly #fieldWeights = new Map<GraphQLField<unknown, unknown>, number>();
  readonly #typeWeights = new Map<string, number>();
  /** False when no argument or input field has a `@cost`: argument values need not be walked. */
  readonly weighsArguments: boolean;

  constructor(
    readonly schema: GraphQLSchema,
    readonly weights: CostWeights,
    readonly directives: CostDirectives = noCostDirectives,
  ) {
    this.weighsArguments =
      directives.argumentWeights.size > 0 ||
      [...directives.fieldWeights.keys()].some((coordinate) => this.#isInputCoordinate(coordinate));
  }

  /** What one value of `field` (on `parentType`) weighs, before its selections. */
  fieldWeight(parentType: string, field: GraphQLField<unknown, unknown>): number {
    let weight = this.#fieldWeights.get(field);
    if (weight === undefined) {
      weight =
        this.directives.fieldWeights.get(`${parentType}.${field.name}`) ??
        this.typeWeight(getNamedType(field.type));
      this.#fieldWeights.set(field, weight);
    }
    return weight;
  }

  /** What one value of a named type weighs. */
  typeWeight(type: GraphQLNamedType): number {
    let weight = this.#typeWeights.get(type.name);
    if (weight !== undefined) return weight;
    weight = this.directives.typeWeights.get(type.name);
    if (weight === undefined && isAbstractType(type)) {
      const members = this.schema.getPossibleTypes(type).map((member) => this.typeWeight(member));
      weight = Math.max(this.weights.objectWeight, ...members);
    }
    weight ??= isCompositeType(type) ? this.weights.objectWeight : this.weights.scalarWeight;
    this.#typeWeights.set(type.name, weight);
    return weight;
  }

  /** The `@cost` of an argument (`Type.field(argument:)`) or an input field (`Input.field`). */
  argumentWeight(coordinate: string): number | undefined {
    return this.directives.argumentWeights.get(coordinate) ?? this.directives.fieldWeights.get(coordinate);
  }

  /** The `@listSize` of `Type.field`, if any. */
  listSize(parentType: string, fieldName: string): ListSizeDirective | undefined {
    return this.directives.listSizes.get(`${parentType}.${fieldName}`);
  }

  #isInputCoordinate(coordinate: string): boolean {
    return isInputObjectType(this.schema.getType(coordinate.slice(0, coordinate.indexOf('.'))));
  }
}

const defaultModels = new WeakMap<GraphQLSchema, Map<string, CostModel>>();

/** A schema's model without cost directives (assumed list sizes only), built once per weights. */
export function defaultCostModel(schema: GraphQLSchema, weights: CostWeights): CostModel {
  let models = defaultModels.get(schema);
  if (!models) {
    models = new Map();
    defaultModels.set(schema, models);
  }
  const key = `${weights.objectWeight}/${weights.scalarWeight}/${weights.defaultListSize}`;
  let model = models.get(key);
  if (!model) {
    model = new CostModel(schema, weights);
    models.set(key, model);
  }
  return model;
}
