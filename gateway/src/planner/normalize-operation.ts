import {
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  print,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { introspectionDocument } from './introspection-fields.js';
import {
  type Condition,
  type DeferDirective,
  type NormalizedField,
  type NormalizedOperation,
  type NormalizedSelection,
  typenameAliasDataKey,
} from './normalized-operation.js';

const TYPENAME = '__typename';

/** Picks the operation to run, as graphql-js does, with the same messages. */
export function selectOperation(
  document: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) {
    const operation = operations.find((candidate) => candidate.name?.value === operationName);
    if (!operation) throw new GraphQLError(`Unknown operation named "${operationName}".`);
    return operation;
  }
  const [operation] = operations;
  if (!operation) throw new GraphQLError('Must provide an operation.');
  if (operations.length > 1) {
    throw new GraphQLError('Must provide operation name if query contains multiple operations.');
  }
  return operation;
}

/** How an operation is normalised. */
export interface NormalizeOptions {
  /**
   * Keep `@defer` on fragments (the response is delivered incrementally); otherwise deferred
   * fragments are ordinary ones and the whole answer comes at once.
   */
  readonly incremental?: boolean;
}

/**
 * First planner pass: picks the operation, inlines named fragments, drops selections whose
 * `@skip`/`@include` is a constant that excludes them, turns variable ones into conditions,
 * records `@defer` (for incremental delivery) and separates root introspection fields (answered
 * from the API schema, never by subgraphs).
 */
export function normalizeOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
  apiSchema: GraphQLSchema,
  options: NormalizeOptions = {},
): NormalizedOperation {
  const operation = selectOperation(document, operationName);
  const rootType = apiSchema.getRootType(operation.operation);
  if (!rootType) {
    throw new GraphQLError(`The schema has no ${operation.operation} type.`, { nodes: [operation] });
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const normalizer = new Normalizer(fragments, options.incremental === true);
  const selections = normalizer.selectionSet(operation.selectionSet, new Set());
  const introspection = introspectionDocument(operation, fragments);
  return {
    kind: operation.operation,
    ...(operation.name && { name: operation.name.value }),
    rootType: rootType.name,
    selections,
    variableDefinitions: operation.variableDefinitions ?? [],
    ...(introspection && { introspection }),
  };
}

class Normalizer {
  private deferred = 0;

  constructor(
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly incremental: boolean,
  ) {}

  selectionSet(selectionSet: SelectionSetNode, visiting: ReadonlySet<string>): NormalizedSelection[] {
    const result: NormalizedSelection[] = [];
    for (const selection of selectionSet.selections) {
      const normalized = this.selection(selection, visiting);
      if (normalized) result.push(normalized);
    }
    return result;
  }

  private selection(
    selection: SelectionNode,
    visiting: ReadonlySet<string>,
  ): NormalizedSelection | undefined {
    const conditions = conditionsOf(selection.directives ?? []);
    if (conditions === 'excluded') return undefined;
    const directives = variableConditionDirectives(selection.directives ?? []);
    const defer =
      this.incremental && selection.kind !== Kind.FIELD ? this.deferOf(selection.directives) : undefined;
    switch (selection.kind) {
      case Kind.FIELD:
        return this.field(selection, conditions, directives, visiting);
      case Kind.INLINE_FRAGMENT:
        return {
          kind: 'InlineFragment',
          ...(selection.typeCondition && { typeCondition: selection.typeCondition.name.value }),
          directives,
          conditions,
          selections: this.selectionSet(selection.selectionSet, visiting),
          ...(defer && { defer }),
        };
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const fragment = this.fragments.get(name);
        if (!fragment) throw new GraphQLError(`Unknown fragment "${name}".`, { nodes: [selection] });
        if (visiting.has(name)) throw new GraphQLError(`Cannot spread fragment "${name}" within itself.`);
        return {
          kind: 'InlineFragment',
          typeCondition: fragment.typeCondition.name.value,
          directives,
          conditions,
          selections: this.selectionSet(fragment.selectionSet, new Set([...visiting, name])),
          ...(defer && { defer }),
        };
      }
    }
  }

  /** The fragment's `@defer`, unless absent or turned off by a literal `if: false`. */
  private deferOf(directives: readonly DirectiveNode[] | undefined): DeferDirective | undefined {
    const directive = directives?.find((candidate) => candidate.name.value === 'defer');
    if (!directive) return undefined;
    const argument = (name: string) => directive.arguments?.find((arg) => arg.name.value === name)?.value;
    const condition = argument('if');
    if (condition?.kind === Kind.BOOLEAN && !condition.value) return undefined;
    const label = argument('label');
    this.deferred += 1;
    return {
      id: this.deferred,
      ...(label?.kind === Kind.STRING && { label: label.value }),
      ...(condition?.kind === Kind.VARIABLE && { ifVariable: condition.name.value }),
    };
  }

  private field(
    node: FieldNode,
    conditions: readonly Condition[],
    directives: readonly DirectiveNode[],
    visiting: ReadonlySet<string>,
  ): NormalizedField {
    const name = node.name.value;
    const responseKey = node.alias?.value ?? name;
    const args = node.arguments ?? [];
    return {
      kind: 'Field',
      name,
      responseKey,
      // `__typename` is the one data key the gateway always owns; a client alias of that name for
      // another field is stored under a key of its own.
      dataKey: responseKey === TYPENAME && name !== TYPENAME ? typenameAliasDataKey(name) : responseKey,
      arguments: args,
      argumentsKey: argumentsKey(args),
      directives,
      conditions,
      ...(node.selectionSet && { selections: this.selectionSet(node.selectionSet, visiting) }),
    };
  }
}

/** Canonical text of a field's arguments (sorted by name), '' when there are none. */
export function argumentsKey(args: readonly ArgumentNode[]): string {
  if (args.length === 0) return '';
  return [...args]
    .sort((left, right) => (left.name.value < right.name.value ? -1 : 1))
    .map((argument) => `${argument.name.value}: ${print(argument.value)}`)
    .join(', ');
}

function conditionsOf(directives: readonly DirectiveNode[]): Condition[] | 'excluded' {
  const conditions: Condition[] = [];
  for (const directive of directives) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const value = directive.arguments?.find((argument) => argument.name.value === 'if')?.value;
    const include = name === 'include';
    if (value?.kind === Kind.BOOLEAN) {
      if (value.value !== include) return 'excluded';
    } else if (value?.kind === Kind.VARIABLE) {
      conditions.push({ variable: value.name.value, include });
    }
  }
  return conditions;
}

function variableConditionDirectives(directives: readonly DirectiveNode[]): DirectiveNode[] {
  return directives.filter(
    (directive) =>
      (directive.name.value === 'skip' || directive.name.value === 'include') &&
      directive.arguments?.some((argument) => argument.value.kind === Kind.VARIABLE),
  );
}
