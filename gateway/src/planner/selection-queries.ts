import type { NormalizedSelection } from './normalized-operation.js';
import type { SupergraphIndex } from './supergraph-index.js';

const TYPENAME = '__typename';

/** True when the selections ask for a field other than `__typename` on objects of `typeName`. */
export function selectsFieldsOn(
  index: SupergraphIndex,
  selections: readonly NormalizedSelection[],
  typeName: string,
): boolean {
  return selections.some((selection) =>
    selection.kind === 'Field'
      ? selection.name !== TYPENAME
      : index.typeConditionApplies(selection.typeCondition, typeName) &&
        selectsFieldsOn(index, selection.selections, typeName),
  );
}

/** True when the client asks for `__typename` or for fields of specific implementations of an interface. */
export function needsConcreteType(
  index: SupergraphIndex,
  selections: readonly NormalizedSelection[],
  interfaceName: string,
): boolean {
  return selections.some((selection) =>
    selection.kind === 'Field'
      ? selection.name === TYPENAME
      : !index.typeConditionApplies(selection.typeCondition, interfaceName) ||
        needsConcreteType(index, selection.selections, interfaceName),
  );
}

/** The fragments (kept nested) whose type condition does not hold for the interface itself. */
export function implementationSelections(
  index: SupergraphIndex,
  selections: readonly NormalizedSelection[],
  interfaceName: string,
): NormalizedSelection[] {
  const result: NormalizedSelection[] = [];
  for (const selection of selections) {
    if (selection.kind === 'Field') continue;
    if (!index.typeConditionApplies(selection.typeCondition, interfaceName)) {
      result.push(selection);
      continue;
    }
    const inner = implementationSelections(index, selection.selections, interfaceName);
    if (inner.length > 0) {
      const { typeCondition: _applies, ...unconditioned } = selection;
      result.push({ ...unconditioned, selections: inner });
    }
  }
  return result;
}

const coverage = new WeakMap<readonly NormalizedSelection[], Map<string, number>>();

/** How many distinct fields of the selections (on objects of `typeName`) `subgraph` resolves. */
export function fieldsResolvedBy(
  index: SupergraphIndex,
  selections: readonly NormalizedSelection[],
  typeName: string,
  subgraph: string,
): number {
  let byKey = coverage.get(selections);
  if (!byKey) {
    byKey = new Map();
    coverage.set(selections, byKey);
  }
  const key = `${typeName}|${subgraph}`;
  let count = byKey.get(key);
  if (count === undefined) {
    const names = new Set<string>();
    const visit = (list: readonly NormalizedSelection[]) => {
      for (const selection of list) {
        if (selection.kind === 'Field') {
          if (index.sources(typeName, selection.name).has(subgraph)) names.add(selection.name);
        } else if (index.typeConditionApplies(selection.typeCondition, typeName)) {
          visit(selection.selections);
        }
      }
    };
    visit(selections);
    count = names.size;
    byKey.set(key, count);
  }
  return count;
}
