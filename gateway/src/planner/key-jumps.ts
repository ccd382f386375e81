import type { SelectionSetNode } from 'graphql';
import type { EntityKey } from '../supergraph/supergraph-model.js';
import type { SupergraphIndex } from './supergraph-index.js';

/** One entity fetch on the way to a subgraph: where, as which type, through which key. */
export interface JumpHop {
  readonly subgraph: string;
  /** The entity's type in that subgraph (the object type, or an `@interfaceObject` interface). */
  readonly entityType: string;
  readonly key: EntityKey;
}

/**
 * Shortest chain of entity fetches taking an object of `typeName` from subgraph `from` to
 * subgraph `target`: each hop needs a resolvable key of the next subgraph whose fields the
 * previous one can return. `target` may be `from` itself (a field with `@requires`).
 */
export function findJumpPath(
  index: SupergraphIndex,
  typeName: string,
  from: { subgraph: string; provided: SelectionSetNode | undefined },
  target: string,
): readonly JumpHop[] | undefined {
  const visited = new Set<string>([from.subgraph]);
  let frontier: { subgraph: string; provided: SelectionSetNode | undefined; hops: JumpHop[] }[] = [
    { ...from, hops: [] },
  ];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const state of frontier) {
      for (const subgraph of index.subgraphs()) {
        if (subgraph !== target && visited.has(subgraph)) continue;
        const hop = hopInto(index, typeName, state, subgraph);
        if (!hop) continue;
        const hops = [...state.hops, hop];
        if (subgraph === target) return hops;
        visited.add(subgraph);
        next.push({ subgraph, provided: undefined, hops });
      }
    }
    frontier = next;
  }
  return undefined;
}

function hopInto(
  index: SupergraphIndex,
  typeName: string,
  state: { subgraph: string; provided: SelectionSetNode | undefined },
  subgraph: string,
): JumpHop | undefined {
  const entityType = index.entityTypeIn(typeName, subgraph);
  if (!entityType) return undefined;
  const key = index
    .resolvableKeys(entityType, subgraph)
    .find((candidate) => index.canProvide(state.subgraph, typeName, candidate.selectionSet, state.provided));
  return key && { subgraph, entityType, key };
}

/**
 * A hop into `target` through its first resolvable key when no chain of keys reaches it: the
 * key's fields must then be fetched like a `@requires` (some of them, such as a nested key's
 * fields, only other subgraphs return) before the entity fetch is sent.
 */
export function findAssistedHop(
  index: SupergraphIndex,
  typeName: string,
  target: string,
): JumpHop | undefined {
  const entityType = index.entityTypeIn(typeName, target);
  if (!entityType) return undefined;
  const key = index.resolvableKeys(entityType, target)[0];
  return key && { subgraph: target, entityType, key };
}
