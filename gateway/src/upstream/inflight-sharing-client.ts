import { LightSignal } from './light-signal.js';
import { sameJsonValue } from './same-json-value.js';
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
 * Calls in flight with one query text that a new call is compared with value by value. Past
 * this many, further calls are filed by their serialised body, so that many calls with the same
 * query and different variables (one product each, say) cost one lookup each, not a comparison
 * with every other.
 */
export const COMPARED_FLIGHTS_PER_QUERY = 8;

/**
 * Shares one upstream call between identical query calls in flight at the same time: same
 * subgraph, same forwarded client headers, same query text and operation name, and variables
 * equal as JSON values. The headers the gateway adds per request (request id, trace context,
 * budget) are not part of what must match: the shared call carries the first sharer's ids and
 * the longest remaining budget of those sharing it.
 *
 * A call is matched without serialising it: its query text is a key as it is (the planner's
 * text, the same string for every request of one plan), and its variables are compared value by
 * value with those of the few calls in flight with that text (see `COMPARED_FLIGHTS_PER_QUERY`).
 * Only the call that goes upstream is serialised, by the transport.
 *
 * Each sharer waits under its own signal: one sharer's abort or deadline rejects that sharer
 * only, never the others; the upstream call is cancelled when no sharer waits any more. Every
 * sharer gets the same parsed answer: the executor never changes what it receives (it merges
 * beside fetched data, see `MergedData`), so one parse serves them all. Mutations are never shared.
 */
export class InflightSharingClient implements SubgraphClient {
  // By subgraph and forwarded headers, then by query text.
  private readonly flights = new Map<string, Map<string, QueryFlights>>();

  constructor(
    private readonly inner: SubgraphClient,
    private readonly onShared?: SharedCallObserver,
  ) {}

  call(subgraph: string, request: SubgraphRequest, context: SubgraphCallContext): Promise<SubgraphResponse> {
    if (context.operationKind !== 'query') return this.inner.call(subgraph, request, context);
    if (context.signal.aborted) return Promise.reject(abortedCall(subgraph, context.signal));
    const route = routeKey(subgraph, context.headers);
    const existing = this.flights.get(route)?.get(request.query)?.find(request);
    if (existing) {
      this.onShared?.(subgraph);
      return existing.join(context);
    }
    const flight = new Flight(subgraph, request, context);
    const sent = this.file(route, flight);
    flight.start(this.inner.call(subgraph, sent, flight.context), () => this.unfile(route, flight));
    return flight.join(context);
  }

  /** Files a new flight under its route and query text; answers its request as it goes upstream. */
  private file(route: string, flight: Flight): SubgraphRequest {
    const { query } = flight.request;
    let queries = this.flights.get(route);
    if (!queries) {
      queries = new Map();
      this.flights.set(route, queries);
    }
    let flights = queries.get(query);
    if (!flights) {
      flights = new QueryFlights();
      queries.set(query, flights);
    }
    return flights.add(flight);
  }

  /** Unfiles a settled flight: only calls in flight are shared. */
  private unfile(route: string, flight: Flight): void {
    const { query } = flight.request;
    const queries = this.flights.get(route);
    const flights = queries?.get(query);
    if (!queries || !flights) return;
    flights.remove(flight);
    if (!flights.empty) return;
    queries.delete(query);
    if (queries.size === 0) this.flights.delete(route);
  }

  /** Upstream calls in flight now (for tests and diagnostics). */
  get inFlight(): number {
    let count = 0;
    for (const queries of this.flights.values())
      for (const flights of queries.values()) count += flights.size;
    return count;
  }
}

/** The calls in flight with one query text (on one route). */
class QueryFlights {
  /** The first few, compared with a new call value by value. */
  private readonly compared: Flight[] = [];
  /** The rest, by serialised body: made once `compared` is full. */
  private bodies: Map<string, Flight> | undefined;

  get size(): number {
    return this.compared.length + (this.bodies?.size ?? 0);
  }

  get empty(): boolean {
    return this.size === 0;
  }

  /** The flight in flight that `request` can share, if any. */
  find(request: SubgraphRequest): Flight | undefined {
    for (const flight of this.compared) if (flight.sends(request)) return flight;
    return this.bodies?.get(serializedBody(request));
  }

  /** Files a new flight; answers its request as it goes upstream (serialised when filed by body). */
  add(flight: Flight): SubgraphRequest {
    if (this.compared.length < COMPARED_FLIGHTS_PER_QUERY) {
      this.compared.push(flight);
      return flight.request;
    }
    const serialized = serializedBody(flight.request);
    this.bodies ??= new Map();
    this.bodies.set(serialized, flight);
    flight.body = serialized;
    return { ...flight.request, serialized };
  }

  remove(flight: Flight): void {
    const index = this.compared.indexOf(flight);
    if (index >= 0) this.compared.splice(index, 1);
    else if (flight.body !== undefined) this.bodies?.delete(flight.body);
  }
}

/** One upstream call and the callers waiting for it. */
class Flight {
  /** The context the upstream call runs under: its own signal, a deadline sharers extend. */
  readonly context: SubgraphCallContext;
  /** Its serialised body, when it is filed by it. */
  body: string | undefined;
  /** Aborted when the last sharer leaves: it cancels the upstream call. */
  private readonly signal = new LightSignal();
  private outcome: Promise<SubgraphResponse> | undefined;
  private waiting = 0;

  constructor(
    readonly subgraph: string,
    readonly request: SubgraphRequest,
    first: SubgraphCallContext,
  ) {
    const { signal: _own, ...rest } = first;
    this.context = { ...rest, signal: this.signal };
  }

  /** True when `request` (with this flight's query text) would send what this flight sends. */
  sends(request: SubgraphRequest): boolean {
    const own = this.request;
    return (
      (own.operationName || undefined) === (request.operationName || undefined) &&
      sameJsonValue(own.variables ?? {}, request.variables ?? {})
    );
  }

  start(call: Promise<SubgraphResponse>, onSettled: () => void): void {
    this.outcome = call;
    // Once settled, an identical call is a new call.
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
        if (this.waiting === 0) this.signal.abort(signal.reason);
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

/** The body a request is filed by: what a layer above serialised, or its JSON. */
function serializedBody(request: SubgraphRequest): string {
  return request.serialized ?? serializeRequest(request);
}

/** The subgraph and the forwarded client headers: calls share only within one route. */
function routeKey(subgraph: string, headers: Readonly<Record<string, string>> | undefined): string {
  let forwarded = '';
  if (headers) {
    for (const name of Object.keys(headers).sort()) forwarded += `${name.toLowerCase()}:${headers[name]}\n`;
  }
  return `${subgraph}\n${forwarded}`;
}
