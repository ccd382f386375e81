import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type InlineFragmentNode,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

const INTROSPECTION_ROOT_FIELDS = new Set(['__schema', '__type']);

/**
 * The root `__schema`/`__type` fields, each wrapped in inline fragments that keep the conditions
 * of the fragments they were found in, plus the client's fragment definitions they may spread.
 */
export function introspectionDocument(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): DocumentNode | undefined {
  const selections = introspectionSelections(operation.selectionSet, fragments, new Set());
  if (selections.length === 0) return undefined;
  return {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        variableDefinitions: operation.variableDefinitions ?? [],
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      },
      ...fragments.values(),
    ],
  };
}

function introspectionSelections(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visiting: ReadonlySet<string>,
): SelectionNode[] {
  const result: SelectionNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (INTROSPECTION_ROOT_FIELDS.has(selection.name.value)) result.push(selection);
      continue;
    }
    let inner: SelectionSetNode | undefined;
    let nextVisiting = visiting;
    if (selection.kind === Kind.INLINE_FRAGMENT) inner = selection.selectionSet;
    else if (!visiting.has(selection.name.value)) {
      inner = fragments.get(selection.name.value)?.selectionSet;
      nextVisiting = new Set([...visiting, selection.name.value]);
    }
    if (!inner) continue;
    const nested = introspectionSelections(inner, fragments, nextVisiting);
    if (nested.length === 0) continue;
    const wrapper: InlineFragmentNode = {
      kind: Kind.INLINE_FRAGMENT,
      directives: selection.directives ?? [],
      selectionSet: { kind: Kind.SELECTION_SET, selections: nested },
    };
    result.push(wrapper);
  }
  return result;
}

/** True for `__schema` and `__type`, the root fields answered from the API schema. */
export function isIntrospectionRootField(name: string): boolean {
  return INTROSPECTION_ROOT_FIELDS.has(name);
}
