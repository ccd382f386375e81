import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  BREAK,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';

/** What one operation sent to a subgraph may ask for. */
export interface SubgraphOperationLimits {
  /** Most fields on one path, fragments expanded. */
  maxDepth: number;
  /** Most aliased fields, fragments expanded. */
  maxAliases: number;
  /** Longest string in the variables or written in the operation, in characters. */
  maxStringLength: number;
  /** Most representations one operation's `_entities` fields may be asked for, all together. */
  maxRepresentations: number;
}

/**
 * Defaults far above what the gateway sends (its clients are held to 15 levels and 30 aliases; it
 * adds one level for `_entities` and an alias per entity selection), so only operations that did
 * not come through it reach them.
 */
export const DEFAULT_SUBGRAPH_OPERATION_LIMITS: Readonly<SubgraphOperationLimits> = Object.freeze({
  maxDepth: 32,
  maxAliases: 200,
  // Above the longest text a field accepts (a product description, 2,000 characters).
  maxStringLength: 4_096,
  // Twice the gateway's own batch limit (MAX_REPRESENTATIONS_PER_REQUEST): it splits larger batches.
  maxRepresentations: 1_000,
});

/** Depth and alias count of an operation, each fragment measured once. */
export function measureSubgraphOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): { depth: number; aliases: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const measured = new Map<string, { depth: number; aliases: number }>();

  const measure = (selectionSet: SelectionSetNode): { depth: number; aliases: number } => {
    let depth = 0;
    let aliases = 0;
    for (const selection of selectionSet.selections) {
      let part: { depth: number; aliases: number };
      if (selection.kind === Kind.FIELD) {
        const children = selection.selectionSet ? measure(selection.selectionSet) : { depth: 0, aliases: 0 };
        part = { depth: 1 + children.depth, aliases: (selection.alias ? 1 : 0) + children.aliases };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        part = measure(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Validation has run: a fragment exists and fragments do not cycle.
        part = measured.get(name) ?? (fragment ? measure(fragment.selectionSet) : { depth: 0, aliases: 0 });
        measured.set(name, part);
      }
      depth = Math.max(depth, part.depth);
      aliases += part.aliases;
    }
    return { depth, aliases };
  };
  return measure(operation.selectionSet);
}

/**
 * The first string in `variables` (raw, as sent) or in the operation's literals longer than
 * `maxLength`, with where it is (`$name.path` or the literal's line and column); undefined when none is.
 */
export function findOverlongString(
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  maxLength: number,
): { where: string; length: number } | undefined {
  const inValue = (value: unknown, where: string): { where: string; length: number } | undefined => {
    if (typeof value === 'string')
      return value.length > maxLength ? { where, length: value.length } : undefined;
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        const found = inValue(item, `${where}[${index}]`);
        if (found) return found;
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const found = inValue(item, `${where}.${key}`);
        if (found) return found;
      }
    }
    return undefined;
  };
  for (const [name, value] of Object.entries(variables ?? {})) {
    const found = inValue(value, `$${name}`);
    if (found) return found;
  }
  let literal: { where: string; length: number } | undefined;
  visit(document, {
    StringValue(node) {
      if (node.value.length <= maxLength) return undefined;
      const at = node.loc ? `${node.loc.startToken.line}:${node.loc.startToken.column}` : 'unknown position';
      literal = { where: `the string at ${at}`, length: node.value.length };
      return BREAK;
    },
  });
  return literal;
}

/**
 * How many representations the operation's `_entities` fields ask for, all together: the length
 * of each `representations` list, given as a variable or written in the operation.
 */
export function countRepresentations(
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): number {
  let count = 0;
  visit(operation, {
    Field(node) {
      if (node.name.value !== '_entities') return;
      const value = node.arguments?.find((argument) => argument.name.value === 'representations')?.value;
      if (value?.kind === Kind.VARIABLE) {
        const list = variables?.[value.name.value];
        count += Array.isArray(list) ? list.length : 0;
      } else if (value?.kind === Kind.LIST) {
        count += value.values.length;
      }
    },
  });
  return count;
}

/**
 * Refuses, with HTTP 400 and INPUT_STRING_TOO_LONG, TOO_MANY_REPRESENTATIONS, OPERATION_TOO_DEEP or OPERATION_TOO_MANY_ALIASES (with
 * `extensions.limit` and `measured`), an operation beyond `limits`; checked after validation,
 * before anything is resolved.
 */
export function subgraphOperationLimitsPlugin<TContext extends BaseContext>(
  limits: SubgraphOperationLimits,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          // First, before any resolver could repeat the string in an error or a lookup.
          const overlong = findOverlongString(document, request.variables, limits.maxStringLength);
          if (overlong)
            throw limitError(
              'INPUT_STRING_TOO_LONG',
              `${overlong.where} is ${overlong.length} characters long; this subgraph accepts at most ${limits.maxStringLength}.`,
              limits.maxStringLength,
              overlong.length,
            );
          const representations = countRepresentations(operation, request.variables);
          if (representations > limits.maxRepresentations)
            throw limitError(
              'TOO_MANY_REPRESENTATIONS',
              `The operation asks _entities for ${representations} representations; this subgraph resolves at most ${limits.maxRepresentations} per request.`,
              limits.maxRepresentations,
              representations,
            );
          const measured = measureSubgraphOperation(document, operation);
          if (measured.depth > limits.maxDepth)
            throw limitError(
              'OPERATION_TOO_DEEP',
              `The operation nests fields ${measured.depth} levels deep; this subgraph allows ${limits.maxDepth}.`,
              limits.maxDepth,
              measured.depth,
            );
          if (measured.aliases > limits.maxAliases)
            throw limitError(
              'OPERATION_TOO_MANY_ALIASES',
              `The operation has ${measured.aliases} aliases with its fragments expanded; this subgraph allows ${limits.maxAliases}.`,
              limits.maxAliases,
              measured.aliases,
            );
        },
      };
    },
  };
}

function limitError(code: string, message: string, limit: number, measured: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, limit, measured, http: { status: 400 } } });
}
