import { serializeRequest } from './serialize-request.js';
import type {
  SubgraphCallContext,
  SubgraphClient,
  SubgraphRequest,
  SubgraphResponse,
} from './subgraph-client.js';
import { abortedCall } from './transport-error.js';

/** Told of every call that joined one already in flight instead of making its own. */
export type SharedCallObserver = (subgraph: string) => void;

/**
 * Shares one upstream call between identical query calls in flight at the same time: same
 * subgraph, same body, same forwarded client headers. The headers the gateway adds per request
 * (request id, trace context, budget) are not part of what must match: the shared call carries
 * the first sharer's ids and the longest remaining budget of those sharing it.
 *
 * Each sharer waits under its own signal: one sharer's abort or deadline rejects that sharer
 * only, never the others; the upstream call is cancelled when no sharer waits any more. Every
 * sharer gets the same parsed answer: the executor never changes what it receives (it merges
 * beside fetched data, see `MergedData`), so one parse serves them all. Mutations are never shared.
 */
export class InflightSharingClient implements SubgraphClient {
  // By subgraph and forwarded headers, then by body: the body, often large, is a key as it is,
  // never joined into a longer string that would be copied to be hashed.
  private readonly flights = new Map<string, Map<string, Flight>>();

  constructor(
    private readonly inner: SubgraphClient,
    private readonly onShared?: SharedCallObserver,
  ) {}

  call(subgraph: string, request: SubgraphRequest, context: SubgraphCallContext): Promise<SubgraphResponse> {
    if (context.operationKind !== 'query') return this.inner.call(subgraph, request, context);
    if (context.signal.aborted) return Promise.reject(abortedCall(subgraph, context.signal));
    const serialized = request.serialized ?? serializeRequest(request);
    const route = routeKey(subgraph, context.headers);
    let bodies = this.flights.get(route);
    const existing = bodies?.get(serialized);
    if (existing) {
      this.onShared?.(subgraph);
      return existing.join(context);
    }
    if (!bodies) {
      bodies = new Map();
      this.flights.set(route, bodies);
    }
    const flight = new Flight(subgraph, context);
    bodies.set(serialized, flight);
    const settled = () => {
      bodies.delete(serialized);
      if (bodies.size === 0) this.flights.delete(route);
    };
    flight.start(this.inner.call(subgraph, { ...request, serialized }, flight.context), settled);
    return flight.join(context);
  }

  /** Upstream calls in flight now (for tests and diagnostics). */
  get inFlight(): number {
    let count = 0;
    for (const bodies of this.flights.values()) count += bodies.size;
    return count;
  }
}

/** One upstream call and the callers waiting for it. */
class Flight {
  /** The context the upstream call runs under: its own signal, a deadline sharers extend. */
  readonly context: SubgraphCallContext;
  private readonly controller = new AbortController();
  private outcome: Promise<SubgraphResponse> | undefined;
  private waiting = 0;

  constructor(
    readonly subgraph: string,
    first: SubgraphCallContext,
  ) {
    const { signal: _own, ...rest } = first;
    this.context = { ...rest, signal: this.controller.signal };
  }

  start(call: Promise<SubgraphResponse>, onSettled: () => void): void {
    this.outcome = call;
    // Only calls in flight are shared: once settled, an identical call is a new call.
    call.then(onSettled, onSettled);
  }

  /** Waits for the call under `context`'s own signal; the last sharer to leave cancels the call. */
  join(context: SubgraphCallContext): Promise<SubgraphResponse> {
    const { signal } = context;
    const deadline = this.context.deadline;
    if (context.deadline === undefined || (deadline !== undefined && context.deadline > deadline)) {
      this.context.deadline = context.deadline;
    }
    this.waiting += 1;
    return new Promise<SubgraphResponse>((resolve, reject) => {
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        signal.removeEventListener('abort', onAbort);
        this.waiting -= 1;
      };
      const onAbort = () => {
        leave();
        if (this.waiting === 0) this.controller.abort(signal.reason);
        reject(abortedCall(this.subgraph, signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      (this.outcome as Promise<SubgraphResponse>).then(
        (response) => {
          if (left) return;
          leave();
          resolve(response);
        },
        (error: unknown) => {
          if (left) return;
          leave();
          reject(error);
        },
      );
    });
  }
}

/** The subgraph and the forwarded client headers: calls share only within one route. */
function routeKey(subgraph: string, headers: Readonly<Record<string, string>> | undefined): string {
  let forwarded = '';
  if (headers) {
    for (const name of Object.keys(headers).sort()) forwarded += `${name.toLowerCase()}:${headers[name]}\n`;
  }
  return `${subgraph}\n${forwarded}`;
}
