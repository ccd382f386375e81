import type { FetchGroup } from './fetch-group.js';
import type { FetchNode, PlanNode } from './query-plan.js';

/**
 * Last planner pass: arranges fetch groups into Sequence/Parallel/Flatten/Condition nodes.
 * A group runs after the group it was reached from and after every group providing its
 * `@requires` fields; groups that depend on nothing in common run in parallel. Root mutation
 * fetches (and everything below each) run strictly in order.
 */
export function buildPlanTree(
  groups: readonly FetchGroup[],
  fetches: ReadonlyMap<FetchGroup, FetchNode>,
  operationKind: 'query' | 'mutation',
): PlanNode | undefined {
  const tree = new PlanTree(groups);
  const roots = tree.childrenOf(undefined);
  if (roots.length === 0) return undefined;
  const build = (group: FetchGroup): PlanNode => {
    const fetch = fetches.get(group) as FetchNode;
    const own: PlanNode = group.kind === 'root' ? fetch : { kind: 'Flatten', path: group.path, node: fetch };
    const children = tree.childrenOf(group);
    let node = children.length === 0 ? own : sequence([own, stages(children, tree, build)]);
    for (const condition of [...group.conditions].reverse()) {
      node = condition.include
        ? { kind: 'Condition', condition: condition.variable, ifClause: node }
        : { kind: 'Condition', condition: condition.variable, elseClause: node };
    }
    return node;
  };
  if (operationKind === 'mutation') return sequence(roots.map(build));
  return stages(roots, tree, build);
}

/** Tree placement of groups: under their deepest dependency when the others are its ancestors. */
class PlanTree {
  private readonly parents = new Map<FetchGroup, FetchGroup | undefined>();
  private readonly children = new Map<FetchGroup | undefined, FetchGroup[]>();
  /** Dependencies that are not tree ancestors: they order siblings into stages. */
  readonly crossDependencies = new Map<FetchGroup, FetchGroup[]>();

  constructor(groups: readonly FetchGroup[]) {
    for (const group of groups) {
      const dependencies = group.parent ? [group.parent, ...group.dependsOn] : [...group.dependsOn];
      let parent: FetchGroup | undefined;
      let cross: FetchGroup[] = [];
      if (dependencies.length > 0) {
        const deepest = dependencies.find((candidate) =>
          dependencies.every((other) => this.isAncestorOrSelf(other, candidate)),
        );
        if (deepest) parent = deepest;
        else {
          parent = this.commonAncestor(dependencies);
          cross = dependencies.filter((dependency) => !this.isAncestorOrSelf(dependency, parent));
        }
      }
      this.parents.set(group, parent);
      this.crossDependencies.set(group, cross);
      const siblings = this.children.get(parent) ?? [];
      siblings.push(group);
      this.children.set(parent, siblings);
    }
  }

  childrenOf(group: FetchGroup | undefined): readonly FetchGroup[] {
    return this.children.get(group) ?? [];
  }

  /** The child of `ancestor` whose subtree holds `group`. */
  branchOf(group: FetchGroup, ancestor: FetchGroup | undefined): FetchGroup | undefined {
    let current: FetchGroup | undefined = group;
    while (current && this.parents.get(current) !== ancestor) current = this.parents.get(current);
    return current;
  }

  parentOf(group: FetchGroup): FetchGroup | undefined {
    return this.parents.get(group);
  }

  private isAncestorOrSelf(ancestor: FetchGroup, group: FetchGroup | undefined): boolean {
    for (let current = group; current; current = this.parents.get(current)) {
      if (current === ancestor) return true;
    }
    return false;
  }

  private commonAncestor(groups: readonly FetchGroup[]): FetchGroup | undefined {
    const [first, ...rest] = groups;
    for (let candidate = first; candidate; candidate = this.parents.get(candidate)) {
      if (rest.every((other) => this.isAncestorOrSelf(candidate as FetchGroup, other))) return candidate;
    }
    return undefined;
  }
}

/** Siblings in stages: a sibling waits for the stages holding the groups it depends on. */
function stages(
  siblings: readonly FetchGroup[],
  tree: PlanTree,
  build: (group: FetchGroup) => PlanNode,
): PlanNode {
  const levels = new Map<FetchGroup, number>();
  const byLevel: FetchGroup[][] = [];
  for (const sibling of siblings) {
    let level = 0;
    for (const dependency of tree.crossDependencies.get(sibling) ?? []) {
      const branch = tree.branchOf(dependency, tree.parentOf(sibling));
      if (branch && branch !== sibling) level = Math.max(level, (levels.get(branch) ?? 0) + 1);
    }
    levels.set(sibling, level);
    const stage = byLevel[level] ?? [];
    stage.push(sibling);
    byLevel[level] = stage;
  }
  return sequence(byLevel.filter((level) => level.length > 0).map((level) => parallel(level.map(build))));
}

function sequence(nodes: readonly PlanNode[]): PlanNode {
  const flat = nodes.flatMap((node) => (node.kind === 'Sequence' ? node.nodes : [node]));
  return flat.length === 1 ? (flat[0] as PlanNode) : { kind: 'Sequence', nodes: flat };
}

function parallel(nodes: readonly PlanNode[]): PlanNode {
  const flat = nodes.flatMap((node) => (node.kind === 'Parallel' ? node.nodes : [node]));
  return flat.length === 1 ? (flat[0] as PlanNode) : { kind: 'Parallel', nodes: flat };
}
