import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** The shape of one operation: depth and field counts with fragments expanded, aliases as written. */
export interface OperationMeasurements {
  /** Fields on the longest path: `{ a { b } }` is 2. Introspection (`__schema`, `__type`) is left out. */
  depth: number;
  /**
   * Aliases written in the operation and in the fragments it uses, each fragment counted once
   * however often it is spread: what its author sees in the text.
   */
  aliases: number;
  /** Field selections on the root type. */
  rootFields: number;
  /** Field selections in all. */
  fields: number;
}

/** What the measurement needs besides the document. */
export interface MeasureOptions {
  /** The operation to measure; without it the document's only operation (or the largest of each). */
  operationName?: string | null;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** A selection set summarised relative to itself: depth is its height. */
interface Summary {
  depth: number;
  fields: number;
  topFields: number;
}

const EMPTY: Summary = { depth: 0, fields: 0, topFields: 0 };

/**
 * Measures an operation without executing it. Each fragment is summarised once and reused, so
 * fragments that spread each other twice per level cost linear work; a fragment that spreads
 * itself (a validation error) counts as empty instead of recursing forever. The walk recurses
 * once per nesting level, as graphql-js validation does before it. The cost is estimated apart
 * (`estimateOperationCost`): it depends on the schema's weights and list sizes.
 */
export function measureOperation(
  document: DocumentNode,
  options: MeasureOptions = {},
): OperationMeasurements {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const chosen =
    options.operationName == null
      ? operations
      : operations.filter((operation) => operation.name?.value === options.operationName);
  const walker = new OperationWalker(document);
  const total: OperationMeasurements = { depth: 0, aliases: 0, rootFields: 0, fields: 0 };
  for (const operation of chosen) {
    const summary = walker.measure(operation);
    total.depth = Math.max(total.depth, summary.depth);
    total.aliases = Math.max(total.aliases, walker.writtenAliases(operation));
    total.rootFields = Math.max(total.rootFields, summary.topFields);
    total.fields = Math.max(total.fields, summary.fields);
  }
  return total;
}

class OperationWalker {
  readonly #fragments = new Map<string, FragmentDefinitionNode>();
  readonly #summaries = new Map<string, Summary>();
  readonly #inProgress = new Set<string>();

  constructor(document: DocumentNode) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        this.#fragments.set(definition.name.value, definition);
    }
  }

  measure(operation: OperationDefinitionNode): Summary {
    return this.#selectionSet(operation.selectionSet);
  }

  /** Aliases in the operation's text and in each fragment it reaches, every fragment once. */
  writtenAliases(operation: OperationDefinitionNode): number {
    let aliases = 0;
    const reached = new Set<string>();
    const pending: SelectionSetNode[] = [operation.selectionSet];
    for (let selectionSet = pending.pop(); selectionSet; selectionSet = pending.pop()) {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = this.#fragments.get(selection.name.value);
          if (fragment && !reached.has(fragment.name.value)) {
            reached.add(fragment.name.value);
            pending.push(fragment.selectionSet);
          }
          continue;
        }
        if (selection.kind === Kind.FIELD && selection.alias) aliases += 1;
        if (selection.selectionSet) pending.push(selection.selectionSet);
      }
    }
    return aliases;
  }

  #selectionSet(selectionSet: SelectionSetNode): Summary {
    const sum: Summary = { ...EMPTY };
    for (const selection of selectionSet.selections) {
      let part: Summary;
      if (selection.kind === Kind.FIELD) {
        part = this.#field(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        part = this.#selectionSet(selection.selectionSet);
      } else {
        part = this.#fragment(selection.name.value);
      }
      sum.depth = Math.max(sum.depth, part.depth);
      sum.fields += part.fields;
      sum.topFields += part.topFields;
    }
    return sum;
  }

  #fragment(name: string): Summary {
    const known = this.#summaries.get(name);
    if (known) return known;
    const fragment = this.#fragments.get(name);
    if (!fragment || this.#inProgress.has(name)) return EMPTY;
    this.#inProgress.add(name);
    const summary = this.#selectionSet(fragment.selectionSet);
    this.#inProgress.delete(name);
    this.#summaries.set(name, summary);
    return summary;
  }

  #field(node: FieldNode): Summary {
    const introspection = INTROSPECTION_ROOTS.has(node.name.value);
    if (!node.selectionSet) return { depth: introspection ? 0 : 1, fields: 1, topFields: 1 };
    const children = this.#selectionSet(node.selectionSet);
    return { depth: introspection ? 0 : 1 + children.depth, fields: 1 + children.fields, topFields: 1 };
  }
}
