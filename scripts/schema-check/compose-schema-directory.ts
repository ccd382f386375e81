import { type CompositionOutcome, composeSupergraph } from '../../gateway/src/supergraph/compose.js';
import { readSubgraphSources } from './read-subgraph-sources.js';
import { withTrailingNewline } from './with-trailing-newline.js';

/**
 * Composes the SDLs listed in `<schemaDir>/subgraphs.json` with their routing URLs. On success
 * `supergraphSdl` is the exact text `schema:compose` writes to `supergraph.graphql`.
 */
export async function composeSchemaDirectory(schemaDir: string): Promise<CompositionOutcome> {
  const outcome = composeSupergraph(await readSubgraphSources(schemaDir));
  return outcome.ok ? { ...outcome, supergraphSdl: withTrailingNewline(outcome.supergraphSdl) } : outcome;
}
