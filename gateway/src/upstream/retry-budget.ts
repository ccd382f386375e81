/**
 * A token bucket that caps retries to a share of calls: every call deposits `ratio` tokens (up to
 * `burst`), every retry spends one. With ratio 0.2, retries stay at or below 20% of recent calls,
 * so a struggling subgraph sees at most 1.2 times its normal load, never a retry storm.
 */
export class RetryBudget {
  private tokens: number;

  constructor(
    private readonly ratio: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Credits one call made to the subgraph. */
  recordCall(): void {
    this.tokens = Math.min(this.burst, this.tokens + this.ratio);
  }

  /** Spends one token for a retry; false when the budget is exhausted. */
  tryWithdraw(): boolean {
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Tokens left (for diagnostics and tests). */
  get available(): number {
    return this.tokens;
  }
}
