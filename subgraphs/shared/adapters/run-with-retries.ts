import { Conflict } from '../../kernel/domain-error.js';

/** One try of a unit of work: the transaction its work sees, and how to commit what it staged. */
export interface UnitOfWorkAttempt<TTx> {
  readonly tx: TTx;
  /** Writes everything staged; throws Conflict when a record moved since this attempt read it. */
  commit(): Promise<void> | void;
}

/** What `runWithRetries` runs. */
export interface RetriedUnitOfWork<TTx, TResult> {
  /** Starts a fresh attempt on the current state. */
  begin: () => UnitOfWorkAttempt<TTx> | Promise<UnitOfWorkAttempt<TTx>>;
  /** The use case's work; it may run once per attempt, so it must not act outside its transaction. */
  work: (tx: TTx) => Promise<TResult>;
  /** Most attempts before the last commit's Conflict reaches the caller (at least 1). */
  maxAttempts: number;
}

/**
 * Runs a unit of work with optimistic concurrency, for every storage adapter: each attempt runs
 * `work` on a fresh transaction and commits it; when the commit loses a race (a Conflict from
 * `commit`), the whole work runs again on the state the winner left. A Conflict thrown by `work`
 * itself (a taken sku, an oversell) is the business answer and is never retried.
 */
export async function runWithRetries<TTx, TResult>(unit: RetriedUnitOfWork<TTx, TResult>): Promise<TResult> {
  const { maxAttempts } = unit;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`maxAttempts must be a whole number >= 1 (got ${maxAttempts}).`);
  for (let attempt = 1; ; attempt += 1) {
    const current = await unit.begin();
    const result = await unit.work(current.tx);
    try {
      await current.commit();
      return result;
    } catch (error) {
      if (!(error instanceof Conflict) || attempt >= maxAttempts) throw error;
    }
  }
}
