import { describe, expect, it } from 'vitest';
import { DeadlineExceededError } from '../../../../gateway/src/request/deadline.js';
import {
  COMPARED_FLIGHTS_PER_QUERY,
  InflightSharingClient,
} from '../../../../gateway/src/upstream/inflight-sharing-client.js';
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
const entitiesQuery =
  'query($representations:[_Any!]!,$first:Int){_entities(representations:$representations){...on Product{name}}}';
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
    // The first caller's request goes upstream as it is: the transport serialises it.
    expect(upstream.calls[0]?.request).toBe(query);
  });

  it('shares calls whose variables are equal JSON values, built apart and with keys in another order', async () => {
    const { upstream, client, shared } = setUp();
    const entities = (first: boolean): SubgraphRequest => ({
      query: entitiesQuery,
      operationName: 'Q__products__1',
      variables: {
        representations: [
          first ? { __typename: 'Product', upc: '1' } : { upc: '1', __typename: 'Product' },
          { __typename: 'Product', upc: '2', dimensions: { size: 'M', weight: [1, 2.5] } },
        ],
        first: 3,
        ...(first ? { unused: undefined } : {}),
      },
    });
    const calls = [
      client.call('products', entities(true), context()),
      client.call('products', entities(false), context()),
    ];
    expect(upstream.calls).toHaveLength(1);
    expect(shared).toEqual(['products']);
    upstream.calls[0]?.answer(answer());
    const [a, b] = await Promise.all(calls);
    expect(b).toBe(a);
  });

  it('never shares calls whose operation name or variables differ anywhere', async () => {
    const { upstream, client } = setUp();
    const base = {
      representations: [
        { __typename: 'Product', upc: '1' },
        { __typename: 'Product', upc: '2' },
      ],
    };
    const variants: Record<string, unknown>[] = [
      base,
      {
        representations: [
          { __typename: 'Product', upc: '2' },
          { __typename: 'Product', upc: '1' },
        ],
      },
      { representations: [{ __typename: 'Product', upc: '1' }] },
      {
        representations: [
          { __typename: 'Product', upc: 1 },
          { __typename: 'Product', upc: '2' },
        ],
      },
      {
        representations: [
          { __typename: 'Product', upc: '1', extra: null },
          { __typename: 'Product', upc: '2' },
        ],
      },
      { ...base, first: 1 },
      { ...base, first: '1' },
      { ...base, first: [1] },
      { ...base, first: { 0: 1 } },
    ];
    const calls = variants.map((variables) =>
      client.call('products', { query: entitiesQuery, variables }, context()),
    );
    calls.push(
      client.call('products', { query: entitiesQuery, variables: base, operationName: 'Named' }, context()),
    );
    expect(upstream.calls).toHaveLength(variants.length + 1);
    for (const call of upstream.calls) call.answer(answer());
    await Promise.all(calls);
    expect(client.inFlight).toBe(0);
  });

  it(`files calls past ${COMPARED_FLIGHTS_PER_QUERY} in flight with one query by their body, and still shares them`, async () => {
    const { upstream, client, shared } = setUp();
    const product = (upc: number): SubgraphRequest => ({
      query: entitiesQuery,
      variables: { representations: [{ __typename: 'Product', upc: String(upc) }] },
    });
    const count = COMPARED_FLIGHTS_PER_QUERY + 4;
    const first = Array.from({ length: count }, (_, upc) => client.call('products', product(upc), context()));
    const again = Array.from({ length: count }, (_, upc) => client.call('products', product(upc), context()));
    expect(upstream.calls).toHaveLength(count);
    expect(shared).toHaveLength(count);
    expect(client.inFlight).toBe(count);
    // Those filed by body go upstream serialised once, as the transport would send them.
    const serialized = upstream.calls.map((call) => call.request.serialized);
    expect(serialized.slice(0, COMPARED_FLIGHTS_PER_QUERY)).toEqual(
      Array(COMPARED_FLIGHTS_PER_QUERY).fill(undefined),
    );
    expect(serialized.slice(COMPARED_FLIGHTS_PER_QUERY)).toEqual(
      upstream.calls
        .slice(COMPARED_FLIGHTS_PER_QUERY)
        .map((call) => JSON.stringify({ query: entitiesQuery, variables: call.request.variables })),
    );
    for (const [upc, call] of upstream.calls.entries())
      call.answer({ data: { _entities: [{ upc: String(upc) }] } });
    const answers = await Promise.all([...first, ...again]);
    for (const [index, response] of answers.entries()) {
      expect(response.data).toEqual({ _entities: [{ upc: String(index % count) }] });
    }
    expect(client.inFlight).toBe(0);
    // Filed anew once all settled: a call of either kind is a new upstream call.
    void client.call('products', product(0), context());
    void client.call('products', product(count - 1), context());
    expect(upstream.calls).toHaveLength(count + 2);
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
