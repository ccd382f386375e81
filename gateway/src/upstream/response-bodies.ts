import type { SubgraphResponse } from './subgraph-client.js';

// The body each parsed response came from, for as long as the response lives.
const bodies = new WeakMap<SubgraphResponse, Buffer>();

/** Remembers the body a response was parsed from, so that another reader can get a copy of its own. */
export function rememberBody(response: SubgraphResponse, body: Buffer): void {
  bodies.set(response, body);
}

/** The body a response was parsed from, when the transport remembered it. */
export function bodyOf(response: SubgraphResponse): Buffer | undefined {
  return bodies.get(response);
}
