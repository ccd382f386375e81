import type { ArgumentNode, DirectiveNode, DocumentNode, VariableDefinitionNode } from 'graphql';

/** A `@skip`/`@include` on a variable: the selection applies when the variable's value equals `include`. */
export interface Condition {
  readonly variable: string;
  readonly include: boolean;
}

/** A field of the client operation (or one the gateway needs internally). */
export interface NormalizedField {
  readonly kind: 'Field';
  readonly name: string;
  /** Alias or name: the key in the client's response. */
  readonly responseKey: string;
  /** Key under which the gateway stores the value in its data (equals responseKey for client fields). */
  readonly dataKey: string;
  readonly arguments: readonly ArgumentNode[];
  /** Canonical printed arguments, '' when none: with the name, the field's identity. */
  readonly argumentsKey: string;
  /** Variable `@skip`/`@include` directives as written, forwarded into subgraph operations. */
  readonly directives: readonly DirectiveNode[];
  readonly conditions: readonly Condition[];
  readonly selections?: readonly NormalizedSelection[];
  /** True for key, `@requires` and `__typename` fields the gateway adds for itself. */
  readonly internal?: boolean;
  /**
   * True, in the operation a response is shaped by, for a field the client may not see
   * (`@authenticated`, `@requiresScopes`, `@policy`): it is never fetched and completes to null
   * with an UNAUTHORIZED_FIELD_OR_TYPE error.
   */
  readonly unauthorized?: boolean;
}

/** An inline fragment; named fragments are inlined into these. */
export interface NormalizedFragment {
  readonly kind: 'InlineFragment';
  readonly typeCondition?: string;
  readonly directives: readonly DirectiveNode[];
  readonly conditions: readonly Condition[];
  readonly selections: readonly NormalizedSelection[];
  /** Set when the client deferred the fragment (`@defer`), in an operation planned for incremental delivery. */
  readonly defer?: DeferDirective;
}

/** A fragment's `@defer`, unless its `if` is the literal `false`. */
export interface DeferDirective {
  /** Tells the operation's deferred fragments apart (document order), in every restriction of it. */
  readonly id: number;
  readonly label?: string;
  /** The variable of `if: $variable`: a false value delivers the fragment with its parent. */
  readonly ifVariable?: string;
}

/** True when the fragment is delivered on its own, after its parent (its `@defer` applies for these variables). */
export function isDeferred(
  defer: DeferDirective | undefined,
  variables: Readonly<Record<string, unknown>>,
): defer is DeferDirective {
  return defer !== undefined && (defer.ifVariable === undefined || variables[defer.ifVariable] !== false);
}

export type NormalizedSelection = NormalizedField | NormalizedFragment;

/** The operation to plan and to shape responses by: one operation, fragments inlined, constant conditions applied. */
export interface NormalizedOperation {
  readonly kind: 'query' | 'mutation';
  readonly name?: string;
  /** Root type name in the API schema (`Query`, `Mutation`). */
  readonly rootType: string;
  readonly selections: readonly NormalizedSelection[];
  readonly variableDefinitions: readonly VariableDefinitionNode[];
  /** A document answering the root `__schema`/`__type` fields from the API schema, when any is selected. */
  readonly introspection?: DocumentNode;
}

/** Identity of a field for merging: name plus canonical arguments. */
export function fieldIdentity(field: { readonly name: string; readonly argumentsKey: string }): string {
  return field.argumentsKey === '' ? field.name : `${field.name}(${field.argumentsKey})`;
}

/** Data keys of client fields aliased `__typename` start with this; their response key is `__typename`. */
const TYPENAME_ALIAS_PREFIX = 'hx_typename_';

/**
 * The data key of a client field aliased `__typename` (`__typename: name`): `__typename` is the
 * one data key the gateway always owns, so such a field is stored under a key of its own.
 */
export function typenameAliasDataKey(fieldName: string): string {
  return `${TYPENAME_ALIAS_PREFIX}${fieldName}`;
}

/** The client's response key for a data key of a client field (they differ only for `__typename` aliases). */
export function responseKeyOf(dataKey: string): string {
  return dataKey.startsWith(TYPENAME_ALIAS_PREFIX) ? '__typename' : dataKey;
}
