import type { DocumentNode } from 'graphql';
import type { CostModel } from './cost-model.js';
import { estimateReadsVariables } from './cost-variables.js';
import {
  assessOperation,
  type OperationAssessment,
  type OperationLimits,
  type OperationToCheck,
} from './operation-limits.js';

/** What the assessments of one document under one cost model have in common. */
interface DocumentAssessments {
  /** The estimate may read the variables: nothing is remembered. */
  readonly readsVariables: boolean;
  /** Accepted assessments by operation name (null: the one Apollo Server picks without a name). */
  readonly accepted: Map<string | null, OperationAssessment>;
}

/**
 * `assessOperation` under one set of limits, remembering the acceptance of each parsed document.
 * Apollo Server keeps parsed documents in its document store and hands the same `DocumentNode` to
 * every request with the same text, so a document's assessment is looked up by that object (and
 * forgotten with it), then by cost model and operation name. Nothing is remembered for a document
 * whose estimate may read the request's variables (`estimateReadsVariables`). Refusals are worked
 * out each time: their error is handed to the client, and the caller may change it.
 */
export class OperationAssessments {
  readonly #byDocument = new WeakMap<DocumentNode, WeakMap<CostModel, DocumentAssessments>>();

  constructor(private readonly limits: OperationLimits) {}

  assess(operation: OperationToCheck & { costModel: CostModel }): OperationAssessment {
    const assessments = this.#assessmentsOf(operation.document, operation.costModel);
    if (assessments.readsVariables) return assessOperation(operation, this.limits);
    const name = operation.operationName ?? null;
    const known = assessments.accepted.get(name);
    if (known) return known;
    const assessment = assessOperation(operation, this.limits);
    if (!assessment.refusal) assessments.accepted.set(name, assessment);
    return assessment;
  }

  #assessmentsOf(document: DocumentNode, model: CostModel): DocumentAssessments {
    let byModel = this.#byDocument.get(document);
    if (!byModel) {
      byModel = new WeakMap();
      this.#byDocument.set(document, byModel);
    }
    let assessments = byModel.get(model);
    if (!assessments) {
      assessments = { readsVariables: estimateReadsVariables(document, model), accepted: new Map() };
      byModel.set(model, assessments);
    }
    return assessments;
  }
}
