import { describe, expect, it } from 'vitest';
import { Conflict } from '../../../../../subgraphs/kernel/domain-error.js';
import { runWithRetries } from '../../../../../subgraphs/shared/adapters/run-with-retries.js';

/** Attempts whose commits fail with the given errors, in order, then succeed. */
function attemptsFailingWith(...failures: Error[]) {
  const begun: number[] = [];
  const begin = () => {
    const attempt = begun.length + 1;
    begun.push(attempt);
    return {
      tx: { attempt },
      commit: async () => {
        const failure = failures[attempt - 1];
        if (failure) throw failure;
      },
    };
  };
  return { begin, begun };
}

describe('runWithRetries', () => {
  it('commits the first attempt and resolves to what the work returned', async () => {
    const { begin, begun } = attemptsFailingWith();
    const result = await runWithRetries({
      begin,
      work: async (tx) => `done in ${tx.attempt}`,
      maxAttempts: 3,
    });
    expect(result).toBe('done in 1');
    expect(begun).toEqual([1]);
  });

  it('runs the work again on a fresh transaction when the commit loses a race', async () => {
    const { begin, begun } = attemptsFailingWith(new Conflict('moved'), new Conflict('moved again'));
    const seen: number[] = [];
    const result = await runWithRetries({
      begin,
      work: async (tx) => {
        seen.push(tx.attempt);
        return tx.attempt;
      },
      maxAttempts: 5,
    });
    expect(result).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(begun).toEqual([1, 2, 3]);
  });

  it('lets the last commit conflict surface once maxAttempts are spent', async () => {
    const last = new Conflict('third strike');
    const { begin, begun } = attemptsFailingWith(new Conflict('one'), new Conflict('two'), last);
    await expect(runWithRetries({ begin, work: async () => undefined, maxAttempts: 3 })).rejects.toBe(last);
    expect(begun).toEqual([1, 2, 3]);
  });

  it('never retries a Conflict thrown by the work, nor a commit failure that is no conflict', async () => {
    const byWork = attemptsFailingWith();
    await expect(
      runWithRetries({
        begin: byWork.begin,
        work: async () => {
          throw new Conflict('sku taken');
        },
        maxAttempts: 5,
      }),
    ).rejects.toThrow('sku taken');
    expect(byWork.begun).toEqual([1]);

    const broken = new Error('connection lost');
    const byCommit = attemptsFailingWith(broken);
    await expect(runWithRetries({ begin: byCommit.begin, work: async () => 1, maxAttempts: 5 })).rejects.toBe(
      broken,
    );
    expect(byCommit.begun).toEqual([1]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxAttempts %s', async (maxAttempts) => {
    const { begin } = attemptsFailingWith();
    await expect(runWithRetries({ begin, work: async () => 1, maxAttempts })).rejects.toThrow(
      /maxAttempts must be a whole number >= 1/,
    );
  });
});
