import type { CostModel } from './cost-model.js';
import { estimateReadsVariables } from './cost-variables.js';
import {
  assessOperation,
  type OperationAssessment,
  type OperationLimits,
  type OperationToCheck,
} from './operation-limits.js';
import { PerDocumentMemo } from './per-document-memo.js';

/**
 * `assessOperation` under one set of limits, remembering the acceptance of each parsed document
 * (per cost model and operation name, see `PerDocumentMemo`). Nothing is remembered for a document
 * whose estimate may read the request's variables (`estimateReadsVariables`). Refusals are worked
 * out each time: their error is handed to the client, and the caller may change it.
 */
export class OperationAssessments {
  readonly #accepted = new PerDocumentMemo<OperationAssessment>({
    readsVariables: estimateReadsVariables,
    keep: (assessment) => !assessment.refusal,
  });

  constructor(private readonly limits: OperationLimits) {}

  assess(operation: OperationToCheck & { costModel: CostModel }): OperationAssessment {
    return this.#accepted.get(operation.document, operation.costModel, operation.operationName ?? null, () =>
      assessOperation(operation, this.limits),
    );
  }
}
