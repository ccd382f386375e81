import type {
  NormalizedField,
  NormalizedOperation,
  NormalizedSelection,
} from '../../planner/normalized-operation.js';

/** An operation with fields the client may not see: one form to plan, one to shape the response by. */
export interface RestrictedOperation {
  /** Without the denied fields, so no subgraph is ever asked for them. */
  readonly planned: NormalizedOperation;
  /** With the denied fields marked `unauthorized` (their sub-selections dropped): they answer null. */
  readonly shaped: NormalizedOperation;
}

/**
 * Splits an operation around its `denied` fields. A field whose sub-selections are all denied
 * keeps an empty selection (the planner asks for its `__typename`), so it still answers as an
 * object holding nulls, and a fragment left empty is dropped.
 */
export function restrictOperation(
  operation: NormalizedOperation,
  denied: ReadonlySet<NormalizedField>,
): RestrictedOperation {
  return {
    planned: { ...operation, selections: withoutDenied(operation.selections, denied) },
    shaped: { ...operation, selections: markDenied(operation.selections, denied) },
  };
}

function withoutDenied(
  selections: readonly NormalizedSelection[],
  denied: ReadonlySet<NormalizedField>,
): readonly NormalizedSelection[] {
  const kept: NormalizedSelection[] = [];
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      if (denied.has(selection)) continue;
      kept.push(
        selection.selections
          ? { ...selection, selections: withoutDenied(selection.selections, denied) }
          : selection,
      );
      continue;
    }
    const inner = withoutDenied(selection.selections, denied);
    if (inner.length > 0) kept.push({ ...selection, selections: inner });
  }
  return kept;
}

function markDenied(
  selections: readonly NormalizedSelection[],
  denied: ReadonlySet<NormalizedField>,
): readonly NormalizedSelection[] {
  return selections.map((selection): NormalizedSelection => {
    if (selection.kind === 'InlineFragment') {
      return { ...selection, selections: markDenied(selection.selections, denied) };
    }
    if (denied.has(selection)) {
      const { selections: _dropped, ...field } = selection;
      return { ...field, unauthorized: true };
    }
    return selection.selections
      ? { ...selection, selections: markDenied(selection.selections, denied) }
      : selection;
  });
}
