import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { GraphQLError, parse } from 'graphql';

/** One subgraph's SDL as it goes into composition. */
export interface SubgraphSource {
  name: string;
  /** Routing URL written into the supergraph's `join__Graph(url:)`. */
  url: string;
  sdl: string;
}

/** A composition problem, located at the subgraph(s) and schema coordinate involved when known. */
export interface CompositionProblem {
  message: string;
  /** Composition rule code, e.g. `FIELD_TYPE_MISMATCH`, `INVALID_GRAPHQL`. */
  code: string;
  subgraphs: string[];
  /** `Type` or `Type.field`, when the message names one. */
  coordinate: string | undefined;
}

export type CompositionOutcome =
  | { ok: true; supergraphSdl: string; apiSdl: string }
  | { ok: false; problems: CompositionProblem[] };

/**
 * Composes subgraph SDLs into a Federation 2 supergraph with `@theguild/federation-composition`
 * (MIT, same rules and messages as Apollo's composition). A subgraph whose SDL does not parse is
 * reported as a problem of that subgraph, with line and column, instead of throwing.
 */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): CompositionOutcome {
  const problems: CompositionProblem[] = [];
  const services = subgraphs.flatMap((subgraph) => {
    try {
      return [{ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) }];
    } catch (error) {
      const location = error instanceof GraphQLError ? error.locations?.[0] : undefined;
      const where = location ? ` (line ${location.line}, column ${location.column})` : '';
      problems.push({
        message: `[${subgraph.name}] ${(error as Error).message}${where}`,
        code: 'INVALID_GRAPHQL',
        subgraphs: [subgraph.name],
        coordinate: undefined,
      });
      return [];
    }
  });
  if (problems.length > 0) return { ok: false, problems };

  const result = composeServices(services);
  if (compositionHasErrors(result)) {
    const names = subgraphs.map((subgraph) => subgraph.name);
    return { ok: false, problems: result.errors.map((error) => toProblem(error, names)) };
  }
  return { ok: true, supergraphSdl: result.supergraphSdl, apiSdl: result.publicSdl };
}

function toProblem(error: GraphQLError, subgraphNames: readonly string[]): CompositionProblem {
  const message = error.message;
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'COMPOSITION_ERROR';
  const mentioned = subgraphNames.filter((name) =>
    new RegExp(`(^|[^\\w-])"?${escapeRegExp(name)}"?([^\\w-]|$)`).test(message),
  );
  const coordinate = /"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?(?:\([^)]*\))?)"/.exec(message)?.[1];
  return { message, code, subgraphs: mentioned, coordinate };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
