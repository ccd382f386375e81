import { type DirectiveNode, Kind } from 'graphql';
import type { FetchGroup } from './fetch-group.js';
import type { Condition } from './normalized-operation.js';
import { mergeSelection, type SubgraphSelection } from './subgraph-selection.js';

/**
 * Third planner pass: when everything a fetch asks for sits under the same `@skip`/`@include`
 * conditions, the conditions move out of the subgraph operation onto the plan (Condition nodes),
 * so the fetch is not sent at all when they do not hold.
 */
export function hoistConditions(group: FetchGroup): void {
  // Nested condition-only fragments (`... @skip(if: $a) { ... @include(if: $b) { x } }`) hoist
  // one level at a time: a fetch left asking for nothing when `$b` fails must not be sent either.
  while (hoistOneLevel(group)) {
    // repeat until the fetch's selections no longer share a condition
  }
  group.includedWhen = conditionAlternatives(group);
}

/**
 * The condition sets of a fetch whose every selection (field or untyped fragment) carries
 * conditions, one set per selection; undefined when any selection applies unconditionally.
 */
function conditionAlternatives(group: FetchGroup): Condition[][] | undefined {
  const alternatives: Condition[][] = [];
  for (const item of selectionLists(group).flat()) {
    if (item.kind === 'InlineFragment' && item.typeCondition !== undefined) return undefined;
    const conditions = conditionsOf(item.directives);
    if (conditions.length === 0 || conditions.length !== item.directives.length) return undefined;
    alternatives.push(conditions);
  }
  return alternatives.length > 0 ? alternatives : undefined;
}

/** The lists holding a fetch's own selections: the root fields, or each entity type's fields. */
function selectionLists(group: FetchGroup): SubgraphSelection[][] {
  return group.kind === 'root'
    ? [group.selections]
    : group.selections.flatMap((selection) =>
        selection.kind === 'InlineFragment' ? [selection.selections] : [],
      );
}

function hoistOneLevel(group: FetchGroup): boolean {
  const lists = selectionLists(group);
  const items = lists.flat();
  if (items.length === 0) return false;
  const [first] = items;
  const shared = conditionsOf(first?.directives ?? []);
  if (shared.length === 0 || shared.length !== (first?.directives.length ?? 0)) return false;
  const signature = conditionSignature(shared);
  for (const item of items) {
    if (item.kind === 'InlineFragment' && item.typeCondition !== undefined) return false;
    const conditions = conditionsOf(item.directives);
    if (conditions.length !== item.directives.length || conditionSignature(conditions) !== signature)
      return false;
  }
  const known = new Set(group.conditions.map((condition) => conditionSignature([condition])));
  group.conditions = [
    ...group.conditions,
    ...shared.filter((condition) => !known.has(conditionSignature([condition]))),
  ];
  for (const list of lists) {
    const stripped = list.splice(0, list.length);
    for (const item of stripped) {
      if (item.kind === 'InlineFragment') for (const inner of item.selections) mergeSelection(list, inner);
      else mergeSelection(list, { ...item, directives: [] });
    }
  }
  return true;
}

/** The variable conditions of `@skip`/`@include` directives. */
export function conditionsOf(directives: readonly DirectiveNode[]): Condition[] {
  const conditions: Condition[] = [];
  for (const directive of directives) {
    const value = directive.arguments?.find((argument) => argument.name.value === 'if')?.value;
    if (value?.kind !== Kind.VARIABLE) continue;
    if (directive.name.value === 'include') conditions.push({ variable: value.name.value, include: true });
    else if (directive.name.value === 'skip') conditions.push({ variable: value.name.value, include: false });
  }
  return conditions;
}

function conditionSignature(conditions: readonly Condition[]): string {
  return conditions
    .map((condition) => `${condition.include ? '+' : '-'}${condition.variable}`)
    .sort()
    .join(',');
}
