import {
  mergeSelection,
  printSelections,
  type SubgraphFragment,
  type SubgraphSelection,
} from './subgraph-selection.js';
import type { SupergraphIndex } from './supergraph-index.js';

/**
 * Selections under an interface field are planned per implementation (`... on A {…} ... on B {…}`).
 * When every implementation the subgraph can return got the same selections, and each of their
 * fields is an interface field of that subgraph with the same type everywhere, they are asked
 * once on the interface instead: a smaller operation for the same data.
 */
export function collapseImplementations(
  index: SupergraphIndex,
  selections: SubgraphSelection[],
  interfaceName: string,
  subgraph: string,
): void {
  const possible = index.possibleTypesIn(interfaceName, subgraph);
  const fragments = selections.filter(
    (selection): selection is SubgraphFragment =>
      selection.kind === 'InlineFragment' &&
      selection.typeCondition !== undefined &&
      selection.directives.length === 0,
  );
  if (fragments.length < 2 || fragments.length !== possible.length) return;
  const [first] = fragments;
  if (!first) return;
  const printed = printSelections(first.selections);
  if (fragments.some((fragment) => printSelections(fragment.selections) !== printed)) return;
  if (
    !first.selections.every((selection) =>
      isInterfaceField(index, selection, interfaceName, subgraph, possible),
    )
  ) {
    return;
  }
  const remaining = selections.filter((selection) => !fragments.includes(selection as SubgraphFragment));
  selections.splice(0, selections.length, ...remaining);
  for (const selection of first.selections) mergeSelection(selections, selection);
}

function isInterfaceField(
  index: SupergraphIndex,
  selection: SubgraphSelection,
  interfaceName: string,
  subgraph: string,
  implementations: readonly string[],
): boolean {
  if (selection.kind === 'InlineFragment') {
    return (
      selection.typeCondition === undefined &&
      selection.selections.every((inner) =>
        isInterfaceField(index, inner, interfaceName, subgraph, implementations),
      )
    );
  }
  if (selection.name === '__typename') return true;
  if (!index.sources(interfaceName, selection.name).has(subgraph)) return false;
  const type = String(index.field(interfaceName, selection.name)?.type);
  return implementations.every(
    (implementation) => String(index.field(implementation, selection.name)?.type) === type,
  );
}
