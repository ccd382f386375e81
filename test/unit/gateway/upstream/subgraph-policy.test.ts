import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  defaultSubgraphSettings,
  type SubgraphSettings,
} from '../../../../gateway/src/config/upstream-config.js';
import { toUpstreamError } from '../../../../gateway/src/upstream/failure-kinds.js';
import type { AttemptSignal } from '../../../../gateway/src/upstream/policies/attempt-timeout.js';
import { UpstreamError } from '../../../../gateway/src/upstream/subgraph-client.js';
import { type PolicyCall, SubgraphPolicy } from '../../../../gateway/src/upstream/subgraph-policy.js';

const NOW = 1_700_000_000_000;
const http = (status: number, retryAfterMs?: number) =>
  new UpstreamError('SUBREQUEST_HTTP_ERROR', `HTTP ${status}`, 'pricing', {
    httpStatus: status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
const deadlineSpent = () => new UpstreamError('DEADLINE_EXCEEDED', 'spent', 'pricing');

function policy(settings: Partial<SubgraphSettings> = {}): SubgraphPolicy {
  return new SubgraphPolicy('pricing', {
    ...defaultSubgraphSettings,
    retryBaseDelayMs: 100,
    retryMaxDelayMs: 1_000,
    breakerConsecutiveFailures: 3,
    breakerFailureRate: 0,
    breakerHalfOpenAfterMs: 5_000,
    ...settings,
  });
}

function call(overrides: Partial<PolicyCall> = {}): PolicyCall {
  return { operationKind: 'query', signal: new AbortController().signal, deadline: undefined, ...overrides };
}

/** An attempt function that plays `outcomes` in order (an Error rejects) and counts its runs. */
function scripted(...outcomes: (string | Error)[]) {
  const attempts: number[] = [];
  const run = async (_signal: AttemptSignal, attempt: number) => {
    attempts.push(attempt);
    const outcome = outcomes.shift() ?? 'ok';
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return { run, attempts };
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SubgraphPolicy retries', () => {
  it('retries a query after retryable failures and resolves with the later success', async () => {
    const attempt = scripted(http(503), http(429), 'ok');

    const result = policy().execute(call(), attempt.run);
    await vi.runAllTimersAsync();

    await expect(result).resolves.toBe('ok');
    expect(attempt.attempts).toEqual([0, 1, 2]);
  });

  it('hands a first failure it does not retry to the caller as the very same error', async () => {
    const refused = http(400);
    const attempt = scripted(refused, 'ok');

    const result = policy().execute(call(), attempt.run);

    await expect(result).rejects.toBe(refused);
    expect(attempt.attempts).toEqual([0]);
  });

  it('counts a first failure toward retryMaxAttempts like any other', async () => {
    const attempt = scripted(http(503), http(503), 'ok');

    const result = policy({ retryMaxAttempts: 1 }).execute(call(), attempt.run);
    const settled = expect(result).rejects.toMatchObject({ details: { httpStatus: 503 } });
    await vi.runAllTimersAsync();

    await settled;
    expect(attempt.attempts).toEqual([0, 1]);
  });

  it('never retries a mutation', async () => {
    const attempt = scripted(http(503), 'ok');

    const result = policy().execute(call({ operationKind: 'mutation' }), attempt.run);

    await expect(result).rejects.toMatchObject({ details: { httpStatus: 503 } });
    expect(attempt.attempts).toEqual([0]);
  });

  it('gives up after retryMaxAttempts retries with the last failure', async () => {
    const attempt = scripted(http(503), http(502), http(504), 'ok');

    const result = policy({ retryMaxAttempts: 2 }).execute(call(), attempt.run);
    const settled = expect(result).rejects.toMatchObject({ details: { httpStatus: 504 } });
    await vi.runAllTimersAsync();

    await settled;
    expect(attempt.attempts).toEqual([0, 1, 2]);
  });

  it('waits exactly the Retry-After the subgraph asked for', async () => {
    const attempt = scripted(http(503, 400), 'ok');

    const result = policy().execute(call(), attempt.run);
    await vi.advanceTimersByTimeAsync(399);
    expect(attempt.attempts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);

    await expect(result).resolves.toBe('ok');
    expect(attempt.attempts).toEqual([0, 1]);
  });

  it('does not retry when the backoff would end at or after the deadline', async () => {
    const attempt = scripted(http(503, 400), 'ok');

    const result = policy().execute(call({ deadline: NOW + 400 }), attempt.run);

    await expect(result).rejects.toMatchObject({ details: { httpStatus: 503 } });
    expect(attempt.attempts).toEqual([0]);
  });

  it('reports each retry with its failure and delay', async () => {
    const onRetry = vi.fn();
    const attempt = scripted(http(503, 250), 'ok');

    const result = policy().execute(call({ onRetry }), attempt.run);
    await vi.runAllTimersAsync();

    await result;
    expect(onRetry).toHaveBeenCalledWith({ error: expect.any(UpstreamError), delayMs: 250, attempt: 1 });
  });
});

describe('SubgraphPolicy circuit breaker', () => {
  async function trip(subject: SubgraphPolicy): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await expect(subject.execute(call(), scripted(http(500)).run)).rejects.toBeDefined();
    }
  }

  it('opens after consecutive failures and then rejects without running the attempt', async () => {
    const subject = policy();
    await trip(subject);
    const attempt = scripted('ok');

    const failure = await subject.execute(call(), attempt.run).catch((error: unknown) => error);

    expect(subject.breakerState).toBe('open');
    expect(toUpstreamError('pricing', failure, call().signal).code).toBe('CIRCUIT_OPEN');
    expect(attempt.attempts).toEqual([]);
  });

  it('stays closed when a success comes between failures', async () => {
    const subject = policy();
    for (const outcome of [http(500), http(500), 'ok', http(500), http(500)]) {
      await subject.execute(call(), scripted(outcome).run).catch(() => undefined);
    }

    expect(subject.breakerState).toBe('closed');
  });

  it('half-opens after the cool-down and closes on a successful test call', async () => {
    const subject = policy();
    await trip(subject);

    vi.advanceTimersByTime(5_000);

    await expect(subject.execute(call(), scripted('ok').run)).resolves.toBe('ok');
    expect(subject.breakerState).toBe('closed');
  });

  it('keeps a call that waited on the half-open test call bound to its own signal', async () => {
    const subject = policy();
    await trip(subject);
    vi.advanceTimersByTime(5_000);
    let passTest = () => {};
    const test = subject.execute(
      call(),
      () => new Promise<string>((resolve) => (passTest = () => resolve('test'))),
    );
    const caller = new AbortController();
    let outcome: string | undefined;
    subject
      .execute(
        call({ signal: caller.signal }),
        (signal) =>
          new Promise<string>((resolve) => signal.addEventListener('abort', () => resolve('stopped'))),
      )
      .then((value) => (outcome = value));
    passTest();
    await expect(test).resolves.toBe('test');
    await vi.advanceTimersByTimeAsync(0);

    caller.abort();
    await vi.advanceTimersByTimeAsync(0);

    expect(outcome).toBe('stopped');
  });

  it('treats a spent deadline during the half-open test call as a failure and opens again', async () => {
    const subject = policy();
    await trip(subject);
    vi.advanceTimersByTime(5_000);

    await expect(subject.execute(call(), scripted(deadlineSpent()).run)).rejects.toMatchObject({
      code: 'DEADLINE_EXCEEDED',
    });

    expect(subject.breakerState).toBe('open');
  });
});

describe('SubgraphPolicy timeout and bulkhead', () => {
  it('aborts the attempt signal when the attempt outlives the subgraph timeout (never early, at most 10 ms late)', async () => {
    let attemptSignal: AttemptSignal | undefined;
    const result = policy({ timeoutMs: 300, retryMaxAttempts: 0 }).execute(call(), (signal) => {
      attemptSignal = signal;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    const settled = expect(result).rejects.toThrow('aborted');

    await vi.advanceTimersByTimeAsync(299);
    expect(attemptSignal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(11);

    await settled;
    expect(attemptSignal?.aborted).toBe(true);
  });

  it('rejects a call beyond the concurrency and queue limits', async () => {
    const subject = policy({ bulkheadMaxConcurrent: 1, bulkheadMaxQueue: 0 });
    let release = () => {};
    const first = subject.execute(
      call(),
      () => new Promise<string>((resolve) => (release = () => resolve('first'))),
    );

    const second = await subject.execute(call(), scripted('ok').run).catch((error: unknown) => error);

    expect(toUpstreamError('pricing', second, call().signal).code).toBe('BULKHEAD_FULL');
    release();
    await expect(first).resolves.toBe('first');
  });
});
