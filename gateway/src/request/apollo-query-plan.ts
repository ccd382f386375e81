import type { Condition } from '../planner/normalized-operation.js';
import type { FetchNode, PlanNode, QueryPlan, RequireSelection } from '../planner/query-plan.js';

/**
 * A plan in Apollo's shape (`@apollo/query-planner`'s `QueryPlan`, as Apollo Router serialises it
 * in `extensions.apolloQueryPlan.object`), so tools that read Apollo's plans (Apollo Sandbox's
 * plan view among them) read ours.
 */
export interface ApolloQueryPlan {
  readonly kind: 'QueryPlan';
  readonly node?: ApolloPlanNode;
}

/** Apollo's plan nodes; a `Batch` has no counterpart and becomes a `Parallel` of its Flattens. */
export type ApolloPlanNode =
  | ApolloFetchNode
  | ApolloDeferNode
  | { readonly kind: 'Flatten'; readonly path: readonly string[]; readonly node: ApolloFetchNode }
  | { readonly kind: 'Sequence' | 'Parallel'; readonly nodes: readonly ApolloPlanNode[] }
  | ApolloConditionNode;

/** Apollo's plan of an operation with `@defer`: the primary part, then each deferred part. */
export interface ApolloDeferNode {
  readonly kind: 'Defer';
  readonly primary: { readonly node?: ApolloPlanNode };
  readonly deferred: readonly {
    /** The part it waits for (absent for the primary part). */
    readonly depends: readonly { readonly id: string; readonly deferLabel?: string }[];
    readonly label?: string;
    readonly queryPath: readonly string[];
    readonly node?: ApolloPlanNode;
  }[];
}

/** Apollo's `@skip`/`@include` branch on a Boolean variable. */
export interface ApolloConditionNode {
  readonly kind: 'Condition';
  readonly condition: string;
  readonly ifClause?: ApolloPlanNode;
  readonly elseClause?: ApolloPlanNode;
}

/**
 * One subgraph request, with the fields Apollo Router writes for it (less `schemaAwareHash` and
 * `authorization`, which describe Router's own caches and authorization plugin).
 */
export interface ApolloFetchNode {
  readonly kind: 'Fetch';
  readonly serviceName: string;
  readonly requires?: readonly ApolloSelection[];
  readonly variableUsages: readonly string[];
  readonly operation: string;
  readonly operationName: string | null;
  readonly operationKind: 'query' | 'mutation';
  readonly id: string;
  /** `ValueSetter`s that give a representation the `__typename` the subgraph knows (`@interfaceObject`). */
  readonly inputRewrites: readonly ApolloValueSetter[] | null;
  /** Always null: the executor renames nothing in what a subgraph returns. */
  readonly outputRewrites: null;
  /** Always null: no `@fromContext` (not supported). */
  readonly contextRewrites: null;
}

/** What a representation reads from an object: Apollo's `requires` selections. */
export type ApolloSelection =
  | { readonly kind: 'Field'; readonly name: string; readonly selections?: readonly ApolloSelection[] }
  | {
      readonly kind: 'InlineFragment';
      readonly typeCondition?: string;
      readonly selections: readonly ApolloSelection[];
    };

/** Sets the value at `path` of each representation (Apollo's `FetchDataRewrite` of kind `ValueSetter`). */
export interface ApolloValueSetter {
  readonly kind: 'ValueSetter';
  readonly path: readonly string[];
  readonly setValueTo: string;
}

/** Our plan in Apollo's node kinds: same fetches, same order and dependencies. */
export function toApolloQueryPlan(plan: QueryPlan): ApolloQueryPlan {
  if (plan.deferred) {
    const labels = new Map(plan.deferred.map((part) => [part.id, part.label]));
    const node: ApolloDeferNode = {
      kind: 'Defer',
      primary: plan.node ? { node: toApolloNode(plan.node) } : {},
      deferred: plan.deferred.map((part) => {
        const dependsOnLabel = labels.get(part.after);
        return {
          depends:
            part.after === 0
              ? []
              : [
                  {
                    id: String(part.after),
                    ...(dependsOnLabel !== undefined && { deferLabel: dependsOnLabel }),
                  },
                ],
          ...(part.label !== undefined && { label: part.label }),
          queryPath: apolloPath(part.path),
          ...(part.node && { node: toApolloNode(part.node) }),
        };
      }),
    };
    return { kind: 'QueryPlan', node };
  }
  return plan.node ? { kind: 'QueryPlan', node: toApolloNode(plan.node) } : { kind: 'QueryPlan' };
}

function toApolloNode(node: PlanNode): ApolloPlanNode {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return { kind: node.kind, nodes: node.nodes.map(toApolloNode) };
    case 'Batch':
      // One request on the wire, but each Flatten is still its own step of the plan.
      return node.nodes.length === 1
        ? toApolloNode(node.nodes[0] as PlanNode)
        : { kind: 'Parallel', nodes: node.nodes.map(toApolloNode) };
    case 'Flatten':
      return guarded(
        { kind: 'Flatten', path: apolloPath(node.path), node: toApolloFetch(node.node) },
        node.node.includedWhen,
      );
    case 'Condition':
      return {
        kind: 'Condition',
        condition: node.condition,
        ...(node.ifClause && { ifClause: toApolloNode(node.ifClause) }),
        ...(node.elseClause && { elseClause: toApolloNode(node.elseClause) }),
      };
    case 'Fetch':
      return guarded(toApolloFetch(node), node.includedWhen);
    default: {
      const unknown: never = node;
      throw new Error(`Unknown plan node ${JSON.stringify(unknown)}`);
    }
  }
}

function toApolloFetch(fetch: FetchNode): ApolloFetchNode {
  const rewrites = (fetch.requires ?? []).flatMap((selection) =>
    selection.kind === 'InlineFragment' && selection.typename && selection.typeCondition
      ? [
          {
            kind: 'ValueSetter' as const,
            path: [`... on ${selection.typeCondition}`, '__typename'],
            setValueTo: selection.typename,
          },
        ]
      : [],
  );
  return {
    kind: 'Fetch',
    serviceName: fetch.serviceName,
    ...(fetch.requires && { requires: fetch.requires.map(toApolloSelection) }),
    variableUsages: fetch.variableUsages,
    operation: fetch.operation,
    operationName: fetch.operationName ?? null,
    operationKind: fetch.operationKind,
    id: String(fetch.id),
    inputRewrites: rewrites.length > 0 ? rewrites : null,
    outputRewrites: null,
    contextRewrites: null,
  };
}

function toApolloSelection(selection: RequireSelection): ApolloSelection {
  if (selection.kind === 'Field') {
    return {
      kind: 'Field',
      name: selection.name,
      ...(selection.selections && { selections: selection.selections.map(toApolloSelection) }),
    };
  }
  return {
    kind: 'InlineFragment',
    ...(selection.typeCondition && { typeCondition: selection.typeCondition }),
    selections: selection.selections.map(toApolloSelection),
  };
}

/** Apollo writes a type filter onto the segment it filters (`@|[Book]`); ours is a segment of its own. */
function apolloPath(path: readonly string[]): string[] {
  const segments: string[] = [];
  for (const segment of path) {
    const previous = segments.length - 1;
    if (segment.startsWith('|[') && previous >= 0) segments[previous] += segment;
    else segments.push(segment);
  }
  return segments;
}

/**
 * A fetch sent only when one of several condition sets holds, as nested Condition nodes: Apollo's
 * Condition tests one variable, so "a && !b || c" becomes a decision tree whose leaves are the node.
 */
function guarded(node: ApolloPlanNode, alternatives: FetchNode['includedWhen']): ApolloPlanNode {
  if (!alternatives) return node;
  const decide = (sets: readonly (readonly Condition[])[]): ApolloPlanNode | undefined => {
    if (sets.length === 0) return undefined;
    if (sets.some((set) => set.length === 0)) return node;
    const variable = (sets[0] as readonly Condition[])[0]!.variable;
    const assume = (value: boolean) =>
      sets
        .filter((set) => set.every((c) => c.variable !== variable || c.include === value))
        .map((set) => set.filter((c) => c.variable !== variable));
    const ifClause = decide(assume(true));
    const elseClause = decide(assume(false));
    return {
      kind: 'Condition',
      condition: variable,
      ...(ifClause && { ifClause }),
      ...(elseClause && { elseClause }),
    };
  };
  return decide(alternatives) ?? node;
}
