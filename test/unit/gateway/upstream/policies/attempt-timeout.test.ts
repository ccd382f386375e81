import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AttemptSignal,
  AttemptTimedOut,
  AttemptTimeout,
} from '../../../../../gateway/src/upstream/policies/attempt-timeout.js';

/** An attempt that settles when told, or rejects when its signal aborts. */
function pending() {
  let settle: (value: string) => void = () => {};
  let signal: AttemptSignal | undefined;
  const run = (attemptSignal: AttemptSignal) => {
    signal = attemptSignal;
    return new Promise<string>((resolve, reject) => {
      settle = resolve;
      attemptSignal.addEventListener('abort', () => reject(attemptSignal.reason));
    });
  };
  return { run, settle: (value: string) => settle(value), signal: () => signal };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('AttemptTimeout', () => {
  it('lets attempts that start within 10 ms share one timer', async () => {
    const timeout = new AttemptTimeout(1_000);
    const attempts = [pending(), pending(), pending()];
    const runs = [timeout.run(attempts[0]!.run, undefined)];
    vi.advanceTimersByTime(5);
    runs.push(timeout.run(attempts[1]!.run, undefined), timeout.run(attempts[2]!.run, undefined));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(10);
    const later = pending();
    runs.push(timeout.run(later.run, undefined));
    expect(vi.getTimerCount()).toBe(2);
    for (const attempt of [...attempts, later]) attempt.settle('ok');
    await expect(Promise.all(runs)).resolves.toEqual(['ok', 'ok', 'ok', 'ok']);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborts an attempt still running between the timeout and 10 ms after it, and not one that finished', async () => {
    const timeout = new AttemptTimeout(300);
    const slow = pending();
    const quick = pending();
    const slowRun = timeout.run(slow.run, undefined);
    const quickRun = timeout.run(quick.run, undefined);
    const settled = expect(slowRun).rejects.toBeInstanceOf(AttemptTimedOut);
    quick.settle('quick');
    await expect(quickRun).resolves.toBe('quick');
    await vi.advanceTimersByTimeAsync(299);
    expect(slow.signal()?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(11);
    await settled;
    expect(quick.signal()?.aborted).toBe(false);
  });

  it("aborts the attempt with the call's reason when the call's signal aborts", async () => {
    const timeout = new AttemptTimeout(30_000);
    const call = new AbortController();
    const attempt = pending();
    const run = timeout.run(attempt.run, call.signal);
    const reason = new Error('deadline');
    call.abort(reason);
    await expect(run).rejects.toBe(reason);
  });

  it('starts an attempt already aborted when the call signal is', async () => {
    const timeout = new AttemptTimeout(30_000);
    const call = new AbortController();
    call.abort(new Error('gone'));
    const attempt = pending();
    const run = timeout.run(attempt.run, call.signal);
    expect(attempt.signal()?.aborted).toBe(true);
    attempt.settle('late');
    await expect(run).resolves.toBe('late');
  });

  it('stops following the call signal once the attempt settles', async () => {
    const timeout = new AttemptTimeout(30_000);
    const call = new AbortController();
    const attempt = pending();
    const run = timeout.run(attempt.run, call.signal);
    attempt.settle('done');
    await expect(run).resolves.toBe('done');
    call.abort(new Error('the request ended'));
    expect(attempt.signal()?.aborted).toBe(false);
  });
});
