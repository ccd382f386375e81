import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** What one operation sent to a subgraph may ask for. */
export interface SubgraphOperationLimits {
  /** Most fields on one path, fragments expanded. */
  maxDepth: number;
  /** Most aliased fields, fragments expanded. */
  maxAliases: number;
}

/**
 * Defaults far above what the gateway sends (its clients are held to 15 levels and 30 aliases; it
 * adds one level for `_entities` and an alias per entity selection), so only operations that did
 * not come through it reach them.
 */
export const DEFAULT_SUBGRAPH_OPERATION_LIMITS: Readonly<SubgraphOperationLimits> = Object.freeze({
  maxDepth: 32,
  maxAliases: 200,
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
 * Refuses, with HTTP 400 and OPERATION_TOO_DEEP or OPERATION_TOO_MANY_ALIASES (with
 * `extensions.limit` and `measured`), an operation beyond `limits`; checked after validation,
 * before anything is resolved.
 */
export function subgraphOperationLimitsPlugin<TContext extends BaseContext>(
  limits: SubgraphOperationLimits,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation }) {
          if (!operation) return;
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
