import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceededError } from '../../../../gateway/src/request/deadline.js';
import {
  type AdmittedRequest,
  inRequestContext,
  type RequestContext,
} from '../../../../gateway/src/request/request-context.js';
import { silentLogger } from '../../../../platform/logger.js';

const now = 1_700_000_000_000;
const settings = { log: silentLogger(), deadline: { defaultMs: 10_000, maxMs: 30_000 } };
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function admitted(
  headers: AdmittedRequest['headers'] = {},
  clientGone: AbortController | AbortSignal = new AbortController().signal,
) {
  return { requestId: 'req-1', headers, clientGone };
}

/** The context `inRequestContext` hands its work. */
function contextOf(request: AdmittedRequest): Promise<RequestContext> {
  return inRequestContext(request, settings, async (context) => context);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('inRequestContext', () => {
  it('gives the request its id, client headers and the default deadline', async () => {
    vi.useFakeTimers({ now });
    const context = await contextOf(admitted({ 'accept-language': 'de-CH' }));

    expect(context).toMatchObject({ requestId: 'req-1', deadline: now + 10_000 });
    expect(context.headers['accept-language']).toBe('de-CH');
    expect(context.log.bindings()).toMatchObject({ requestId: 'req-1' });
  });

  it('takes the deadline a client asks for, never past the cap', async () => {
    vi.useFakeTimers({ now });

    expect((await contextOf(admitted({ 'x-request-timeout-ms': '250' }))).deadline).toBe(now + 250);
    expect((await contextOf(admitted({ 'x-request-timeout-ms': '99999' }))).deadline).toBe(now + 30_000);
  });

  it('passes on a valid traceparent and drops a malformed one', async () => {
    expect((await contextOf(admitted({ traceparent: TRACEPARENT }))).traceparent).toBe(TRACEPARENT);
    expect((await contextOf(admitted({ traceparent: '00-not-a-trace' }))).traceparent).toBeUndefined();
  });

  it('aborts the signal with a DeadlineExceededError when the deadline passes during the work', async () => {
    vi.useFakeTimers({ now });
    const reason = await inRequestContext(
      admitted({ 'x-request-timeout-ms': '100' }),
      settings,
      (context) => {
        vi.advanceTimersByTime(100);
        return Promise.resolve(context.signal.reason);
      },
    );

    expect(reason).toBeInstanceOf(DeadlineExceededError);
  });

  it('aborts the signal when the client goes away', async () => {
    const client = new AbortController();
    const aborted = await inRequestContext(admitted({}, client.signal), settings, async (context) => {
      client.abort(new Error('The client closed the connection.'));
      return context.signal.aborted;
    });

    expect(aborted).toBe(true);
  });

  it("uses the request's own controller as its signal, aborted by the client or the deadline", async () => {
    vi.useFakeTimers({ now });
    const own = new AbortController();
    const signal = await inRequestContext(
      admitted({ 'x-request-timeout-ms': '100' }, own),
      settings,
      async (context) => {
        vi.advanceTimersByTime(100);
        return context.signal;
      },
    );
    expect(signal).toBe(own.signal);
    expect(signal.reason).toBeInstanceOf(DeadlineExceededError);

    const left = new AbortController();
    const reason = await inRequestContext(admitted({}, left), settings, async (context) => {
      left.abort(new Error('The client closed the connection.'));
      return context.signal.reason;
    });
    expect(reason).toEqual(new Error('The client closed the connection.'));
  });

  it("releases the deadline timer of the request's own controller once the work settles", async () => {
    vi.useFakeTimers({ now });
    const own = new AbortController();
    await contextOf(admitted({}, own));

    vi.advanceTimersByTime(60_000);
    expect(own.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('releases the deadline timer once the work settles', async () => {
    vi.useFakeTimers({ now });
    const context = await contextOf(admitted());

    vi.advanceTimersByTime(60_000);
    expect(context.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
