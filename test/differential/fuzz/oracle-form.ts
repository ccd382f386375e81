import type { GraphQLFormattedError } from 'graphql';
import {
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  type NamedTypeNode,
  type OperationDefinitionNode,
  parse,
  print,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
  visit,
} from 'graphql';
import type { GraphQLHttpResponse, GraphQLRequest } from '../../helpers/graphql-over-http.js';

/** Prefix of every response key in the oracle form; the original key follows it. */
const KEY_PREFIX = 'zz_';
/** Every selection set below the root asks the runtime type under this key; dropped from the answer. */
const TYPE_MARKER = 'zztype';

/**
 * Rewrites a query into a form with the same meaning (spec 6.3.2 CollectFields) that sidesteps
 * the places where @apollo/gateway is known to depart from the spec: `@skip`/`@include` are
 * decided with the request's variables (excluded selections removed, the rest kept without
 * the directive), named fragments are inlined, and every response key K becomes `zz_K`, so no
 * alias equals a field name (key, `@requires` or other). Fields sharing a response key still
 * share one, so merging is unchanged. Every object also reports its runtime type, so
 * `answerFromOracleForm` can map the answer back.
 */
export function oracleForm(request: GraphQLRequest, schema: GraphQLSchema): GraphQLRequest {
  const document = parse(request.query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) throw new Error('oracleForm: the query has no operation');
  const fragments = new Map(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const variables = variableValues(operation, request);

  const rewriteSelections = (set: SelectionSetNode, parent: GraphQLNamedType): SelectionNode[] =>
    set.selections.flatMap((selection) => rewriteSelection(selection, parent));
  const rewriteSet = (set: SelectionSetNode, parent: GraphQLNamedType): SelectionSetNode => ({
    kind: Kind.SELECTION_SET,
    selections: [
      { kind: Kind.FIELD, alias: name(TYPE_MARKER), name: name('__typename') },
      ...rewriteSelections(set, parent),
    ],
  });
  // A fragment that applies to every object at its place is spliced in (CollectFields collects its
  // fields right there), one that never applies is dropped: @apollo/gateway drops
  // `... on Object` nested in `... on Interface`, and needs no type reasoning that way.
  // Fragments whose every selection is excluded add nothing and are dropped.
  const rewriteFragment = (
    typeCondition: NamedTypeNode | undefined,
    set: SelectionSetNode,
    parent: GraphQLNamedType,
  ): SelectionNode[] => {
    const condition = typeCondition ? schema.getType(typeCondition.name.value) : undefined;
    if (alwaysApplies(schema, condition, parent)) return rewriteSelections(set, parent);
    // On an object type a fragment that does not always apply never does.
    if (isObjectType(parent)) return [];
    const selections = rewriteSelections(set, condition ?? parent);
    if (selections.length === 0) return [];
    return [
      {
        kind: Kind.INLINE_FRAGMENT,
        ...(typeCondition && { typeCondition }),
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      },
    ];
  };
  const rewriteSelection = (selection: SelectionNode, parent: GraphQLNamedType): SelectionNode[] => {
    if (!included(selection.directives, variables)) return [];
    switch (selection.kind) {
      case Kind.FIELD: {
        const definition =
          isObjectType(parent) || isInterfaceType(parent)
            ? parent.getFields()[selection.name.value]
            : undefined;
        return [
          {
            ...selection,
            directives: withoutConditions(selection.directives),
            alias: name(`${KEY_PREFIX}${(selection.alias ?? selection.name).value}`),
            ...(selection.selectionSet &&
              definition && {
                selectionSet: rewriteSet(selection.selectionSet, getNamedType(definition.type)),
              }),
          },
        ];
      }
      case Kind.INLINE_FRAGMENT:
        return rewriteFragment(selection.typeCondition, selection.selectionSet, parent);
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) throw new Error(`oracleForm: unknown fragment ${selection.name.value}`);
        return rewriteFragment(fragment.typeCondition, fragment.selectionSet, parent);
      }
    }
  };

  // Not at the root: @apollo/gateway mishandles a root `__typename` beside root fields.
  const root = schema.getQueryType();
  if (!root) throw new Error('oracleForm: the schema has no query type');
  const rootSelections = rewriteSelections(operation.selectionSet, root);
  const rewritten: OperationDefinitionNode = {
    ...operation,
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections:
        rootSelections.length > 0
          ? rootSelections
          : [{ kind: Kind.FIELD, alias: name(`${KEY_PREFIX}`), name: name('__typename') }],
    },
  };
  const used = usedVariables(rewritten);
  const trimmed: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        ...rewritten,
        variableDefinitions: (rewritten.variableDefinitions ?? []).filter((definition) =>
          used.has(definition.variable.name.value),
        ),
      },
    ],
  };
  const keptVariables = Object.fromEntries(
    Object.entries(request.variables ?? {}).filter(([variable]) => used.has(variable)),
  );
  return { query: print(trimmed), variables: keptVariables };
}

/**
 * Maps an answer to `oracleForm(request)` back to `request`: each object gets the response keys
 * CollectFields (spec 6.3.2) gives the original selections for its runtime type, in that order,
 * with the oracle's values. The order is rebuilt rather than trusted because @apollo/gateway
 * merges same-type fragments before collecting, which moves keys.
 */
export function answerFromOracleForm(
  request: GraphQLRequest,
  schema: GraphQLSchema,
  response: GraphQLHttpResponse,
): GraphQLHttpResponse {
  const body: GraphQLHttpResponse['body'] = { ...response.body };
  const document = parse(request.query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const root = schema.getQueryType();
  if (body.data && operation && root) {
    const collector = new FieldCollector(schema, document, variableValues(operation, request));
    body.data = collector.restore(root, [operation.selectionSet], body.data);
  }
  if (body.errors) body.errors = body.errors.map(restoreErrorPath);
  return { status: response.status, body };
}

/** CollectFields (spec 6.3.2) over the original operation, applied to the oracle's answer. */
class FieldCollector {
  private readonly fragments: Map<string, FragmentDefinitionNode>;

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly variables: Record<string, unknown>,
  ) {
    this.fragments = new Map(
      document.definitions
        .filter(
          (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
        )
        .map((fragment) => [fragment.name.value, fragment]),
    );
  }

  restore(type: GraphQLObjectType, sets: readonly SelectionSetNode[], value: Record<string, unknown>) {
    const fields = new Map<string, FieldNode[]>();
    for (const set of sets) this.collect(type, set, fields, new Set());
    const restored: Record<string, unknown> = {};
    for (const [key, nodes] of fields) {
      const oracleKey = `${KEY_PREFIX}${key}`;
      if (!(oracleKey in value)) continue;
      const first = nodes[0] as FieldNode;
      const definition = first.name.value === '__typename' ? undefined : type.getFields()[first.name.value];
      const subSets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
      restored[key] = definition ? this.restoreValue(subSets, value[oracleKey]) : value[oracleKey];
    }
    return restored;
  }

  private restoreValue(sets: readonly SelectionSetNode[], value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.restoreValue(sets, item));
    if (value === null || typeof value !== 'object' || sets.length === 0) return value;
    const record = value as Record<string, unknown>;
    const runtime = this.schema.getType(String(record[TYPE_MARKER]));
    if (!isObjectType(runtime))
      throw new Error(`oracle answered an object of unknown type ${String(record[TYPE_MARKER])}`);
    return this.restore(runtime, sets, record);
  }

  private collect(
    type: GraphQLObjectType,
    set: SelectionSetNode,
    fields: Map<string, FieldNode[]>,
    visited: Set<string>,
  ): void {
    for (const selection of set.selections) {
      if (!included(selection.directives, this.variables)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = (selection.alias ?? selection.name).value;
        fields.set(key, [...(fields.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (this.applies(selection.typeCondition?.name.value, type))
          this.collect(type, selection.selectionSet, fields, visited);
      } else {
        const name = selection.name.value;
        const fragment = this.fragments.get(name);
        if (visited.has(name) || !fragment) continue;
        visited.add(name);
        if (this.applies(fragment.typeCondition.name.value, type))
          this.collect(type, fragment.selectionSet, fields, visited);
      }
    }
  }

  private applies(condition: string | undefined, type: GraphQLObjectType): boolean {
    if (condition === undefined || condition === type.name) return true;
    const conditionType = this.schema.getType(condition);
    return isAbstractType(conditionType) && this.schema.isSubType(conditionType, type);
  }
}

function variableValues(
  operation: OperationDefinitionNode,
  request: GraphQLRequest,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue)
      values[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  return Object.assign(values, request.variables);
}

function restoreErrorPath(error: GraphQLFormattedError): GraphQLFormattedError {
  if (!error.path) return error;
  const path = error.path.map((segment) =>
    typeof segment === 'string' && segment.startsWith(KEY_PREFIX)
      ? segment.slice(KEY_PREFIX.length)
      : segment,
  );
  return { ...error, path };
}

function included(
  directives: readonly DirectiveNode[] | undefined,
  variables: Record<string, unknown>,
): boolean {
  for (const directive of directives ?? []) {
    const condition = directive.arguments?.find((argument) => argument.name.value === 'if')?.value;
    if (!condition) continue;
    const value = conditionValue(condition, variables);
    if (directive.name.value === 'skip' && value === true) return false;
    if (directive.name.value === 'include' && value !== true) return false;
  }
  return true;
}

function conditionValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  return node.kind === Kind.VARIABLE ? variables[node.name.value] : valueFromASTUntyped(node);
}

function alwaysApplies(
  schema: GraphQLSchema,
  condition: GraphQLNamedType | undefined,
  parent: GraphQLNamedType,
): boolean {
  if (condition === undefined || condition === parent) return true;
  return isObjectType(parent) && isAbstractType(condition) && schema.isSubType(condition, parent);
}

function withoutConditions(directives: readonly DirectiveNode[] | undefined): DirectiveNode[] {
  return (directives ?? []).filter(
    (directive) => directive.name.value !== 'skip' && directive.name.value !== 'include',
  );
}

function usedVariables(operation: OperationDefinitionNode): Set<string> {
  const used = new Set<string>();
  visit(operation.selectionSet, {
    Variable(node) {
      used.add(node.name.value);
    },
  });
  return used;
}

function name(value: string) {
  return { kind: Kind.NAME, value } as const;
}
