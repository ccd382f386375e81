import { FetchGroup } from './fetch-group.js';

/**
 * The fetch groups of one plan, in creation order (which is dependency order), and the entity
 * fetches by where they apply, so that every field routed to the same subgraph for the same
 * objects joins one fetch.
 */
export class FetchRegistry {
  readonly groups: FetchGroup[] = [];
  private readonly entityFetches = new Map<string, FetchGroup>();
  /**
   * The plan part being planned (0: primary; a deferred fragment's part while its selections are
   * planned): new groups belong to it, and entity fetches are shared only within a part.
   */
  part = 0;

  constructor(private readonly operationKind: 'query' | 'mutation') {}

  /** A new fetch group; entity fetches are always queries, root fetches have the operation's kind. */
  create(
    subgraph: string,
    kind: FetchGroup['kind'],
    parent: FetchGroup | undefined,
    path: readonly string[],
  ): FetchGroup {
    const operationKind = kind === 'root' ? this.operationKind : 'query';
    const group = new FetchGroup(this.groups.length, subgraph, kind, operationKind, parent, path, this.part);
    this.groups.push(group);
    return group;
  }

  /**
   * The entity fetch to `subgraph` for the objects at `path`, reached from `parent`, created on
   * first use. `variant` separates fetches that must not be merged: ones waiting for different
   * providers, or running under different conditions ('' for the plain one).
   */
  entityFetch(parent: FetchGroup, path: readonly string[], subgraph: string, variant: string): FetchGroup {
    const key = entityFetchKey(parent, path, subgraph, variant, this.part);
    let group = this.entityFetches.get(key);
    if (!group) {
      group = this.create(subgraph, 'entity', parent, path);
      this.entityFetches.set(key, group);
    }
    return group;
  }

  /** The plain entity fetch to `subgraph` for the objects at `path`, when one exists already. */
  existingEntityFetch(parent: FetchGroup, path: readonly string[], subgraph: string): FetchGroup | undefined {
    return this.entityFetches.get(entityFetchKey(parent, path, subgraph, '', this.part));
  }
}

function entityFetchKey(
  parent: FetchGroup,
  path: readonly string[],
  subgraph: string,
  variant: string,
  part: number,
): string {
  const key = `${parent.id}|${path.join('.')}|${subgraph}|${variant}`;
  return part === 0 ? key : `${key}|part:${part}`;
}
