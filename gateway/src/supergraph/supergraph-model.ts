import type { GraphQLSchema, SelectionSetNode } from 'graphql';
import type { CostDirectives } from './cost-directives.js';

/** One subgraph as the supergraph's `join__Graph` enum names it. */
export interface SubgraphInfo {
  /** Name from `@join__graph(name:)`, used in plans and errors. */
  readonly name: string;
  /** Routing URL from `@join__graph(url:)`, possibly overridden at start-up. */
  readonly url: string;
}

/** One `@key` of an entity type in one subgraph. */
export interface EntityKey {
  /** The field set as written, e.g. `id` or `sku org { id }`. */
  readonly fields: string;
  readonly selectionSet: SelectionSetNode;
  /** False for `@key(resolvable: false)`: the subgraph references the entity but cannot resolve it. */
  readonly resolvable: boolean;
}

/** How one subgraph knows a composite type. */
export interface TypeInSubgraph {
  readonly keys: readonly EntityKey[];
  /** The subgraph declares this supergraph interface as an object type (`@interfaceObject`). */
  readonly isInterfaceObject: boolean;
}

/** What one subgraph needs, or provides, when it resolves a field. */
export interface FieldSource {
  /** `@requires` field set, on the field's parent type. */
  readonly requires?: SelectionSetNode;
  /** `@provides` field set, on the field's return type. */
  readonly provides?: SelectionSetNode;
  /**
   * Set when the subgraph resolves the field through an `@interfaceObject`: the name of the
   * interface it knows as an object type, which is then the entity type sent in representations.
   */
  readonly viaInterfaceObject?: string;
  /**
   * Set on both sides of a progressive override (`@override(label:)`): the source resolves the
   * field only while the label is enabled (`enabled: true`, the overriding subgraph), or only
   * while it is not (the subgraph overridden from).
   */
  readonly overrideLabel?: { readonly label: string; readonly enabled: boolean };
  /** Arguments the subgraph's field takes from an ancestor object (`@fromContext`), absent from the supergraph's field. */
  readonly contextArguments?: readonly ContextArgument[];
}

/** An argument a subgraph's field takes from the nearest ancestor object that sets a context (`@fromContext`). */
export interface ContextArgument {
  /** The argument's name in the subgraph. */
  readonly name: string;
  /** Its type in the subgraph, e.g. `String` or `[ID!]`. */
  readonly type: string;
  /** The context, as the supergraph names it (`<subgraph>__<name>`). */
  readonly context: string;
  /** What to read from the ancestor: one field, possibly under type conditions. */
  readonly selection: SelectionSetNode;
}

/** A field of a composite type and the subgraphs able to resolve it. */
export interface FieldModel {
  readonly name: string;
  /** Subgraphs that resolve the field (external and overridden declarations excluded). */
  readonly sources: ReadonlyMap<string, FieldSource>;
  /**
   * The field's type as each subgraph declares it (`ID!`, `Book`), where the supergraph merged
   * declarations that differ (`@join__field(type:)`); the supergraph's type elsewhere.
   */
  readonly typesIn: ReadonlyMap<string, string>;
}

/** An object, interface or union type of the supergraph with its federation metadata. */
export interface CompositeTypeModel {
  readonly name: string;
  readonly kind: 'object' | 'interface' | 'union';
  /** Subgraphs that define the type, with their keys. */
  readonly subgraphs: ReadonlyMap<string, TypeInSubgraph>;
  readonly fields: ReadonlyMap<string, FieldModel>;
  /** For interfaces and unions: the object types each subgraph can return in their place. */
  readonly possibleTypes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Contexts the type sets for the fields below its objects (`@context`), as the supergraph names them. */
  readonly contexts: ReadonlySet<string>;
}

/** A parsed supergraph: subgraphs, federation metadata per type and field, and both schemas. */
export interface SupergraphModel {
  readonly subgraphs: ReadonlyMap<string, SubgraphInfo>;
  readonly types: ReadonlyMap<string, CompositeTypeModel>;
  /** Every type and field of the supergraph, `@inaccessible` ones included (keys and requires may use them). */
  readonly schema: GraphQLSchema;
  /** What clients see: federation machinery removed, `@inaccessible` elements hidden. */
  readonly apiSchema: GraphQLSchema;
  /** `@cost` and `@listSize` (IBM's cost specification), for the cost of operations on `apiSchema`. */
  readonly costDirectives: CostDirectives;
  /** The supergraph SDL the model was built from. */
  readonly sdl: string;
  /** Every progressive override label (`@override(label:)`), each drawn per request. */
  readonly overrideLabels: ReadonlySet<string>;
}
