import type { SubgraphResponse } from './subgraph-client.js';

// The decoded body each parsed response came from, for as long as the response lives.
const bodies = new WeakMap<SubgraphResponse, string>();

/** Remembers the text a response was parsed from, so that another reader can parse a copy of its own. */
export function rememberBody(response: SubgraphResponse, text: string): void {
  bodies.set(response, text);
}

/** The text a response was parsed from, when the transport remembered it. */
export function bodyOf(response: SubgraphResponse): string | undefined {
  return bodies.get(response);
}
