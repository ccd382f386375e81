import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DeadlineExceededError,
  deadlineOn,
  deadlineSignal,
  remainingMs,
  requestDeadline,
  requestedTimeoutMs,
} from '../../../../gateway/src/request/deadline.js';

const settings = { defaultMs: 10_000, maxMs: 30_000 };
const now = 1_700_000_000_000;

afterEach(() => {
  vi.useRealTimers();
});

describe('requestDeadline', () => {
  it('gives a request without a timeout header the default budget', () => {
    expect(requestDeadline(settings, undefined, now)).toBe(now + 10_000);
  });

  it('lets a client shorten its deadline', () => {
    expect(requestDeadline(settings, '250', now)).toBe(now + 250);
  });

  it('lets a client ask for more than the default, but never past the maximum', () => {
    expect(requestDeadline(settings, '20000', now)).toBe(now + 20_000);
    expect(requestDeadline(settings, '999999', now)).toBe(now + 30_000);
  });

  it('ignores a malformed, zero or negative header', () => {
    for (const header of ['soon', '-5', '0', '1.5', '']) {
      expect(requestDeadline(settings, header, now)).toBe(now + 10_000);
    }
  });

  it('caps the default itself by the maximum', () => {
    expect(requestDeadline({ defaultMs: 60_000, maxMs: 5_000 }, undefined, now)).toBe(now + 5_000);
  });
});

describe('requestedTimeoutMs', () => {
  it('reads the first value of a repeated header', () => {
    expect(requestedTimeoutMs(['300', '900'])).toBe(300);
  });
});

describe('remainingMs', () => {
  it('counts down to the deadline and never goes negative', () => {
    expect(remainingMs(now + 400, now)).toBe(400);
    expect(remainingMs(now - 400, now)).toBe(0);
    expect(remainingMs(undefined, now)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('deadlineSignal', () => {
  it('aborts with a DeadlineExceededError when the deadline passes', () => {
    vi.useFakeTimers({ now });
    const { signal } = deadlineSignal(undefined, now + 1_000);

    vi.advanceTimersByTime(999);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);

    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(DeadlineExceededError);
  });

  it('aborts at once when the deadline has already passed', () => {
    vi.useFakeTimers({ now });

    expect(deadlineSignal(undefined, now - 1).signal.aborted).toBe(true);
  });

  it('follows its parent signal, keeping the parent reason', () => {
    const parent = new AbortController();
    const { signal } = deadlineSignal(parent.signal, undefined);

    parent.abort('client went away');

    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('client went away');
  });

  it('stops its timer and parent subscription when disposed', () => {
    vi.useFakeTimers({ now });
    const parent = new AbortController();
    const { signal, dispose } = deadlineSignal(parent.signal, now + 1_000);

    dispose();
    parent.abort();
    vi.advanceTimersByTime(5_000);

    expect(signal.aborted).toBe(false);
  });
});

describe('deadlineOn', () => {
  it('aborts the given controller with a DeadlineExceededError when the deadline passes', () => {
    vi.useFakeTimers({ now });
    const controller = new AbortController();
    const { signal } = deadlineOn(controller, now + 1_000);

    vi.advanceTimersByTime(999);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);

    expect(signal).toBe(controller.signal);
    expect(signal.reason).toBeInstanceOf(DeadlineExceededError);
  });

  it('keeps the reason of a controller aborted before, and sets no timer', () => {
    vi.useFakeTimers({ now });
    const controller = new AbortController();
    controller.abort('client went away');

    expect(deadlineOn(controller, now - 1).signal.reason).toBe('client went away');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops its timer when disposed', () => {
    vi.useFakeTimers({ now });
    const controller = new AbortController();
    deadlineOn(controller, now + 1_000).dispose();
    vi.advanceTimersByTime(5_000);

    expect(controller.signal.aborted).toBe(false);
  });
});
