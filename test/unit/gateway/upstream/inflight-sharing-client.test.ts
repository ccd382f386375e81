import { describe, expect, it } from 'vitest';
import { DeadlineExceededError } from '../../../../gateway/src/request/deadline.js';
import { InflightSharingClient } from '../../../../gateway/src/upstream/inflight-sharing-client.js';
import {
  type SubgraphCallContext,
  type SubgraphClient,
  type SubgraphRequest,
  type SubgraphResponse,
  UpstreamError,
} from '../../../../gateway/src/upstream/subgraph-client.js';

/** An upstream whose calls stay pending until the test settles them. */
class PendingUpstream implements SubgraphClient {
  readonly calls: {
    subgraph: string;
    request: SubgraphRequest;
    context: SubgraphCallContext;
    answer(response: SubgraphResponse): void;
    fail(error: Error): void;
  }[] = [];

  call(subgraph: string, request: SubgraphRequest, context: SubgraphCallContext): Promise<SubgraphResponse> {
    return new Promise((resolve, reject) => {
      this.calls.push({
        subgraph,
        request,
        context,
        answer: resolve,
        fail: reject,
      });
    });
  }
}

const query: SubgraphRequest = { query: '{ products { id } }' };
const answer = (): SubgraphResponse => ({ data: { products: [{ id: 'p1' }] } });

function context(overrides: Partial<SubgraphCallContext> = {}): SubgraphCallContext {
  return { operationKind: 'query', signal: new AbortController().signal, ...overrides };
}

function setUp() {
  const upstream = new PendingUpstream();
  const shared: string[] = [];
  const client = new InflightSharingClient(upstream, (subgraph) => shared.push(subgraph));
  return { upstream, client, shared };
}

describe('InflightSharingClient', () => {
  it('sends identical queries in flight at the same time once, and gives every caller the one answer', async () => {
    const { upstream, client, shared } = setUp();
    const first = client.call('products', query, context({ requestId: 'r1' }));
    const second = client.call('products', { ...query }, context({ requestId: 'r2' }));
    expect(upstream.calls).toHaveLength(1);
    upstream.calls[0]?.answer(answer());
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(answer());
    // Parsed once: the executor reads answers without changing them.
    expect(b).toBe(a);
    expect(shared).toEqual(['products']);
    expect(upstream.calls[0]?.context.requestId).toBe('r1');
    expect(upstream.calls[0]?.request.serialized).toBe(JSON.stringify(query));
  });

  it('shares only calls still in flight: the same query after the answer is a new call', async () => {
    const { upstream, client } = setUp();
    const first = client.call('products', query, context());
    upstream.calls[0]?.answer(answer());
    await first;
    const again = client.call('products', query, context());
    expect(upstream.calls).toHaveLength(2);
    upstream.calls[1]?.answer(answer());
    await again;
    expect(client.inFlight).toBe(0);
  });

  it('never shares between different subgraphs, bodies or forwarded client headers', async () => {
    const { upstream, client } = setUp();
    const calls = [
      client.call('products', query, context()),
      client.call('reviews', query, context()),
      client.call('products', { query: '{ products { name } }' }, context()),
      client.call('products', query, context({ headers: { authorization: 'Bearer a' } })),
      client.call('products', query, context({ headers: { authorization: 'Bearer b' } })),
      client.call('products', query, context({ headers: { Authorization: 'Bearer b' } })),
    ];
    expect(upstream.calls).toHaveLength(5);
    for (const call of upstream.calls) call.answer(answer());
    await Promise.all(calls);
  });

  it('never shares mutations', async () => {
    const { upstream, client } = setUp();
    const mutation = { query: 'mutation { reset }' };
    const calls = [
      client.call('products', mutation, context({ operationKind: 'mutation' })),
      client.call('products', mutation, context({ operationKind: 'mutation' })),
    ];
    expect(upstream.calls).toHaveLength(2);
    for (const call of upstream.calls) call.answer({ data: { reset: true } });
    await Promise.all(calls);
  });

  it("lets one caller's deadline end that caller's wait only, and keeps the call for the others", async () => {
    const { upstream, client } = setUp();
    const leaving = new AbortController();
    const first = client.call('products', query, context({ signal: leaving.signal }));
    const second = client.call('products', query, context());
    leaving.abort(new DeadlineExceededError(Date.now()));
    await expect(first).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED', subgraph: 'products' });
    expect(upstream.calls[0]?.context.signal.aborted).toBe(false);
    upstream.calls[0]?.answer(answer());
    await expect(second).resolves.toEqual(answer());
  });

  it('cancels the upstream call when no caller waits any more', async () => {
    const { upstream, client } = setUp();
    const callers = [new AbortController(), new AbortController()];
    const calls = callers.map((caller) => client.call('products', query, context({ signal: caller.signal })));
    callers[0]?.abort();
    expect(upstream.calls[0]?.context.signal.aborted).toBe(false);
    callers[1]?.abort();
    expect(upstream.calls[0]?.context.signal.aborted).toBe(true);
    await Promise.allSettled(calls);
  });

  it('gives the failure of a shared call to every caller', async () => {
    const { upstream, client } = setUp();
    const calls = [client.call('products', query, context()), client.call('products', query, context())];
    upstream.calls[0]?.fail(new UpstreamError('GATEWAY_TIMEOUT', 'products did not answer', 'products'));
    for (const call of calls) await expect(call).rejects.toMatchObject({ code: 'GATEWAY_TIMEOUT' });
  });

  it('runs the shared call with the longest remaining budget of its callers', () => {
    const { upstream, client } = setUp();
    const now = Date.now();
    void client.call('products', query, context({ deadline: now + 1_000 }));
    void client.call('products', query, context({ deadline: now + 5_000 }));
    void client.call('products', query, context({ deadline: now + 2_000 }));
    expect(upstream.calls[0]?.context.deadline).toBe(now + 5_000);
    void client.call('products', query, context());
    expect(upstream.calls[0]?.context.deadline).toBeUndefined();
  });

  it('refuses at once a caller whose signal is already aborted', async () => {
    const { upstream, client } = setUp();
    const aborted = new AbortController();
    aborted.abort();
    await expect(client.call('products', query, context({ signal: aborted.signal }))).rejects.toMatchObject({
      subgraph: 'products',
    });
    expect(upstream.calls).toHaveLength(0);
  });
});
