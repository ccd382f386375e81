import { describe, expect, it } from 'vitest';
import { RetryBudget } from '../../../../gateway/src/upstream/retry-budget.js';

describe('RetryBudget', () => {
  it('starts with its burst of tokens and refuses once they are spent', () => {
    const budget = new RetryBudget(0.2, 2);

    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
  });

  it('allows one retry per five calls at a ratio of 0.2', () => {
    const budget = new RetryBudget(0.2, 10);
    while (budget.tryWithdraw()) {
      // drain the initial burst
    }
    let retries = 0;
    for (let call = 0; call < 100; call++) {
      budget.recordCall();
      if (budget.tryWithdraw()) retries += 1;
    }

    expect(retries).toBeGreaterThanOrEqual(19);
    expect(retries).toBeLessThanOrEqual(20);
  });

  it('never saves up more than its burst', () => {
    const budget = new RetryBudget(1, 3);
    for (let call = 0; call < 50; call++) budget.recordCall();

    expect(budget.available).toBe(3);
  });
});
