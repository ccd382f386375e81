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
  const subgraphs = subgraphsNamedIn(message, subgraphNames);
  return { message, code, subgraphs, coordinate: coordinateNamedIn(message, subgraphs) };
}

/**
 * The subgraphs a composition message is about. Messages name them as a `[name]` prefix or as
 * `subgraph "a"` / `subgraphs "a", "b" and "c"`; a bare word match is only the fallback, because
 * a subgraph name can also be a field name (`"Reservation.product"`).
 */
function subgraphsNamedIn(message: string, subgraphNames: readonly string[]): string[] {
  const named = new Set<string>();
  const prefix = /^\[([^\]]+)\]/.exec(message)?.[1];
  if (prefix !== undefined) named.add(prefix);
  for (const list of message.matchAll(/subgraphs?\s+((?:"[^"]+"(?:,\s*(?:and\s+)?|\s+and\s+)?)+)/g)) {
    for (const quoted of list[1]!.matchAll(/"([^"]+)"/g)) named.add(quoted[1]!);
  }
  const known = subgraphNames.filter((name) => named.has(name));
  if (known.length > 0) return known;
  return subgraphNames.filter((name) =>
    new RegExp(`(^|[^\\w-])"?${escapeRegExp(name)}"?([^\\w-]|$)`).test(message),
  );
}

/** The first quoted `Type.field` in the message, else the first quoted name that is not a subgraph. */
function coordinateNamedIn(message: string, subgraphs: readonly string[]): string | undefined {
  const quoted = [...message.matchAll(/"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?(?:\([^)]*\))?)"/g)]
    .map((match) => match[1]!)
    .filter((name) => !subgraphs.includes(name));
  return quoted.find((name) => name.includes('.')) ?? quoted[0];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
