import { isObjectType, type SelectionSetNode } from 'graphql';
import { findAssistedHop, findJumpPath } from './key-jumps.js';
import type { NormalizedField, NormalizedSelection } from './normalized-operation.js';
import { needsInputs, type SupergraphIndex } from './supergraph-index.js';

/** What a field costs that only an ancestor's route reaches: more than any chain of keys of two hops. */
const ANCESTOR_ROUTE_COST = 3;

/**
 * Estimates how many extra fetches a selection costs when resolved from a given subgraph, to
 * choose between subgraphs that can all resolve a field (`@shareable`, several keys). Infinity
 * means the subgraph cannot resolve the selection at all. Estimates are memoised per operation.
 */
export class CostEstimator {
  private readonly memo = new WeakMap<readonly NormalizedSelection[], Map<string, number>>();

  constructor(private readonly index: SupergraphIndex) {}

  /** Extra fetches needed below `field` when `subgraph` resolves the field itself. */
  below(
    subgraph: string,
    typeName: string,
    field: NormalizedField,
    provided: SelectionSetNode | undefined,
  ): number {
    if (!field.selections) return 0;
    const returnType = this.index.compositeReturnTypeIn(subgraph, typeName, field.name);
    if (!returnType) return 0;
    const providedBelow = this.index.providedBelow(subgraph, typeName, field.name, provided);
    if (isObjectType(returnType)) {
      return this.selections(subgraph, returnType.name, field.selections, providedBelow);
    }
    let worst = 0;
    for (const possible of this.index.possibleTypesIn(returnType.name, subgraph)) {
      worst = Math.max(worst, this.selections(subgraph, possible, field.selections, providedBelow));
    }
    return worst;
  }

  /** Extra fetches needed to resolve `selections` on an object of `typeName` reached in `subgraph`. */
  selections(
    subgraph: string,
    typeName: string,
    selections: readonly NormalizedSelection[],
    provided: SelectionSetNode | undefined,
  ): number {
    const memoKey = `${subgraph}|${typeName}`;
    const cached = provided ? undefined : this.memo.get(selections)?.get(memoKey);
    if (cached !== undefined) return cached;
    // Guards against recursion through cyclic requirements while this entry is being computed.
    this.remember(selections, memoKey, provided, Number.POSITIVE_INFINITY);
    const cost = this.compute(subgraph, typeName, selections, provided);
    this.remember(selections, memoKey, provided, cost);
    return cost;
  }

  private compute(
    subgraph: string,
    typeName: string,
    selections: readonly NormalizedSelection[],
    provided: SelectionSetNode | undefined,
  ): number {
    let cost = 0;
    const targets = new Set<string>();
    for (const field of this.fieldsFor(typeName, selections)) {
      if (field.name === '__typename') continue;
      if (this.index.isLocal(subgraph, typeName, field.name, provided)) {
        const below = this.below(subgraph, typeName, field, provided);
        if (below !== Number.POSITIVE_INFINITY) {
          cost += below;
          continue;
        }
      }
      let best = Number.POSITIVE_INFINITY;
      let bestTarget: string | undefined;
      for (const [target, source] of this.index.sources(typeName, field.name)) {
        const inputs = needsInputs(source);
        if (target === subgraph && !inputs && !source.viaInterfaceObject) continue;
        const hops = targets.has(target)
          ? 0
          : findJumpPath(this.index, typeName, { subgraph, provided }, target)?.length;
        if (hops === undefined) continue;
        const estimate = hops + (inputs ? 1 : 0) + this.below(target, typeName, field, undefined);
        if (estimate < best) {
          best = estimate;
          bestTarget = target;
        }
      }
      if (bestTarget === undefined) {
        // No chain of keys: an assisted hop fetches the key's fields first (one fetch more).
        for (const [target, source] of this.index.sources(typeName, field.name)) {
          if (target === subgraph || needsInputs(source) || !findAssistedHop(this.index, typeName, target))
            continue;
          const estimate = 2 + this.below(target, typeName, field, undefined);
          if (estimate < best) {
            best = estimate;
            bestTarget = target;
          }
        }
      }
      if (bestTarget === undefined) {
        // Reachable only from an ancestor object, if at all (AncestorRoutes): a fetch more than a
        // hop, and a walk down again.
        if (this.index.sources(typeName, field.name).size === 0) return Number.POSITIVE_INFINITY;
        cost += ANCESTOR_ROUTE_COST;
        continue;
      }
      targets.add(bestTarget);
      cost += best;
    }
    return cost;
  }

  private fieldsFor(typeName: string, selections: readonly NormalizedSelection[]): NormalizedField[] {
    const fields: NormalizedField[] = [];
    for (const selection of selections) {
      if (selection.kind === 'Field') fields.push(selection);
      else if (this.index.typeConditionApplies(selection.typeCondition, typeName)) {
        fields.push(...this.fieldsFor(typeName, selection.selections));
      }
    }
    return fields;
  }

  private remember(
    selections: readonly NormalizedSelection[],
    key: string,
    provided: SelectionSetNode | undefined,
    cost: number,
  ): void {
    if (provided) return;
    let byKey = this.memo.get(selections);
    if (!byKey) {
      byKey = new Map();
      this.memo.set(selections, byKey);
    }
    byKey.set(key, cost);
  }
}
