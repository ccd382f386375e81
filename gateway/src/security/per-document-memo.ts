import type { DocumentNode } from 'graphql';
import type { CostModel } from './cost-model.js';

/** What the results of one document under one cost model have in common. */
interface DocumentEntry<T> {
  /** The work reads the request's variables: nothing is remembered. */
  readonly readsVariables: boolean;
  /** By operation name (null: the operation Apollo Server picks when none is named). */
  readonly byName: Map<string | null, T>;
}

/** How a `PerDocumentMemo` decides what it may remember. */
export interface PerDocumentMemoRules<T> {
  /** Whether the work for a document may read the request's variables. */
  readsVariables(document: DocumentNode, model: CostModel): boolean;
  /** Whether a result is worth remembering (refusals are worked out each time, say). */
  keep(result: T): boolean;
}

/**
 * Results worked out once per parsed document, cost model and operation name. Apollo Server keeps
 * parsed documents in its document store and hands the same `DocumentNode` to every request with
 * the same text, so results are looked up by that object (and forgotten with it). Nothing is
 * remembered for a document whose work may read the request's variables.
 */
export class PerDocumentMemo<T> {
  readonly #byDocument = new WeakMap<DocumentNode, WeakMap<CostModel, DocumentEntry<T>>>();

  constructor(private readonly rules: PerDocumentMemoRules<T>) {}

  /**
   * The remembered result, or what `work` gives: told whether the variables count, so that a
   * result to be remembered need not hold on to one request's variables.
   */
  get(
    document: DocumentNode,
    model: CostModel,
    operationName: string | null,
    work: (readsVariables: boolean) => T,
  ): T {
    const entry = this.#entryOf(document, model);
    if (entry.readsVariables) return work(true);
    const known = entry.byName.get(operationName);
    if (known !== undefined) return known;
    const result = work(false);
    if (this.rules.keep(result)) entry.byName.set(operationName, result);
    return result;
  }

  #entryOf(document: DocumentNode, model: CostModel): DocumentEntry<T> {
    let byModel = this.#byDocument.get(document);
    if (!byModel) {
      byModel = new WeakMap();
      this.#byDocument.set(document, byModel);
    }
    let entry = byModel.get(model);
    if (!entry) {
      entry = { readsVariables: this.rules.readsVariables(document, model), byName: new Map() };
      byModel.set(model, entry);
    }
    return entry;
  }
}
