import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { AdmittedSubscription } from '../../../../gateway/src/request/admitted-subscription.js';
import { ClientStream } from '../../../../gateway/src/subscriptions/client-stream.js';
import { SubscriptionHub } from '../../../../gateway/src/subscriptions/subscription-hub.js';
import type {
  SubgraphSubscriptions,
  UpstreamSink,
} from '../../../../gateway/src/upstream/subgraph-subscriptions.js';

/** A subgraph side the test drives by hand: one sink per upstream subscription opened. */
function fakeUpstream() {
  const sinks: UpstreamSink[] = [];
  let stopped = 0;
  const upstream: SubgraphSubscriptions = {
    subscribe: (_subgraph, _request, _headers, sink) => {
      sinks.push(sink);
      return () => {
        stopped += 1;
      };
    },
    close: async () => undefined,
  };
  return { upstream, sinks, stopped: () => stopped };
}

function admitted(overrides: Partial<AdmittedSubscription> = {}): AdmittedSubscription {
  return {
    subgraph: 'inventory',
    request: { query: 'subscription { changed { id } }' },
    headers: {},
    // Stands for the rest of the plan: the event's data, with one partial error.
    resolve: async (event) => ({
      data: event.data ?? null,
      errors: [new GraphQLError('price unavailable', { path: ['changed', 'price'] })],
    }),
    ...overrides,
  };
}

function streamOf(
  hub: SubscriptionHub,
  options: { admitted?: AdmittedSubscription; maxPendingEvents?: number; shutdown?: AbortSignal } = {},
) {
  return new ClientStream({
    hub,
    admitted: options.admitted ?? admitted(),
    deadline: { defaultMs: 5_000, maxMs: 10_000 },
    maxPendingEvents: options.maxPendingEvents ?? 10,
    requestId: 'r-1',
    formatError: (error) => ({ ...error.toJSON(), extensions: { ...error.extensions, formatted: true } }),
    shutdown: options.shutdown ?? new AbortController().signal,
  });
}

describe('ClientStream', () => {
  it('resolves each upstream event with the plan, errors formatted, and tells a dropped connection', async () => {
    const { upstream, sinks } = fakeUpstream();
    const stream = streamOf(new SubscriptionHub(upstream));
    sinks[0]?.next({ data: { changed: { id: '1' } } });
    sinks[0]?.interrupted('closed with 1006');

    expect(await stream.next()).toEqual({
      done: false,
      value: {
        data: { changed: { id: '1' } },
        errors: [
          { message: 'price unavailable', path: ['changed', 'price'], extensions: { formatted: true } },
        ],
      },
    });
    expect((await stream.next()).value).toEqual({
      errors: [
        {
          message: expect.stringMatching(
            /^The inventory subgraph's subscription connection closed with 1006; reconnecting/,
          ),
          extensions: { code: 'SUBSCRIPTION_INTERRUPTED', serviceName: 'inventory' },
        },
      ],
    });
    await stream.return();
    expect(await stream.ended).toEqual({ reason: 'cancelled' });
  });

  it('shares one upstream subscription among streams asking the same, ended after the last', async () => {
    const { upstream, sinks, stopped } = fakeUpstream();
    const hub = new SubscriptionHub(upstream);
    const streams = [streamOf(hub), streamOf(hub), streamOf(hub)];
    const other = streamOf(hub, { admitted: admitted({ headers: { authorization: 'Bearer other' } }) });

    expect(sinks).toHaveLength(2);
    expect(hub.upstreamCount).toBe(2);
    for (const stream of streams) await stream.return();
    expect(stopped()).toBe(1);
    await other.return();
    expect(hub.upstreamCount).toBe(0);
  });

  it('ends a client that falls more events behind than allowed instead of buffering them', async () => {
    const { upstream, sinks } = fakeUpstream();
    const stream = streamOf(new SubscriptionHub(upstream), { maxPendingEvents: 2 });
    for (let index = 0; index < 3; index += 1) sinks[0]?.next({ data: { changed: { id: String(index) } } });

    expect(await stream.ended).toEqual({ reason: 'slow' });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(ClientStream.finalErrors({ reason: 'slow' }, 'inventory')?.[0]?.extensions?.code).toBe(
      'SUBSCRIPTION_ENDED',
    );
  });

  it('ends when the token expires, when the gateway drains, and after the events queued when the subgraph completes', async () => {
    const expired = streamOf(new SubscriptionHub(fakeUpstream().upstream), {
      admitted: admitted({ expiresAt: Date.now() - 1 }),
    });
    expect(await expired.ended).toEqual({ reason: 'expired' });

    const drain = new AbortController();
    const draining = streamOf(new SubscriptionHub(fakeUpstream().upstream), { shutdown: drain.signal });
    const pending = draining.next();
    drain.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await draining.ended).toEqual({ reason: 'shutdown' });

    const { upstream, sinks } = fakeUpstream();
    const completing = streamOf(new SubscriptionHub(upstream));
    sinks[0]?.next({ data: { changed: { id: 'last' } } });
    sinks[0]?.complete();
    expect((await completing.next()).value).toMatchObject({ data: { changed: { id: 'last' } } });
    expect(await completing.next()).toEqual({ done: true, value: undefined });
    expect(await completing.ended).toEqual({ reason: 'completed' });
  });

  it('ends with the errors the subgraph ended with, as the admitted subscription exposes them to this client', async () => {
    const { upstream, sinks } = fakeUpstream();
    const stream = streamOf(new SubscriptionHub(upstream), {
      admitted: admitted({
        exposeEndErrors: (errors, requestId) =>
          errors.map((error) => ({ message: `hidden (${requestId})`, extensions: { was: error.message } })),
      }),
    });
    sinks[0]?.failed([{ message: 'redis at 10.0.3.7 is gone' }]);

    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(await stream.ended).toEqual({
      reason: 'failed',
      errors: [{ message: 'hidden (r-1)', extensions: { was: 'redis at 10.0.3.7 is gone' } }],
    });
  });
});
