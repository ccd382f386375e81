import { bulkhead } from 'cockatiel';
import { describe, expect, it, vi } from 'vitest';
import { LightSignal } from '../../../../gateway/src/upstream/light-signal.js';

describe('LightSignal', () => {
  it('aborts once, telling each listener still attached once, with the first reason', () => {
    const signal = new LightSignal();
    const kept = vi.fn();
    const removed = vi.fn();
    signal.addEventListener('abort', kept);
    signal.addEventListener('abort', removed);
    signal.removeEventListener('abort', removed);
    expect(() => signal.throwIfAborted()).not.toThrow();

    const first = new Error('first');
    signal.abort(first);
    signal.abort(new Error('second'));

    expect(kept).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(first);
    expect(() => signal.throwIfAborted()).toThrow(first);
  });

  it('follows a signal: aborts when it does, with its reason, and at once when it already has', () => {
    const request = new AbortController();
    const follower = LightSignal.following(request.signal);
    const listener = vi.fn();
    follower.addEventListener('abort', listener);
    expect(follower.aborted).toBe(false);

    const reason = new Error('the client went away');
    request.abort(reason);

    expect(listener).toHaveBeenCalledTimes(1);
    expect(follower.reason).toBe(reason);
    expect(LightSignal.following(request.signal)).toMatchObject({ aborted: true, reason });
  });

  it('reads as an AbortSignal where cockatiel waits on one', async () => {
    const policy = bulkhead(1, 1);
    const signal = new LightSignal();
    let release: () => void = () => {};
    const running = policy.execute(() => new Promise<void>((resolve) => (release = resolve)));
    const queued = policy.execute(() => Promise.resolve('ran'), signal as unknown as AbortSignal);

    signal.abort(new Error('gone'));
    release();

    await running;
    await expect(queued).rejects.toThrow(/cancel/i);
  });
});
