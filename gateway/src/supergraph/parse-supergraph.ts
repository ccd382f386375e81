import { buildASTSchema, type DocumentNode, type GraphQLSchema, parse } from 'graphql';
import { buildApiSchema } from './api-schema.js';
import { readCostDirectives } from './cost-directives.js';
import { findJoinSpec } from './join-spec.js';
import { contextDirectiveName } from './read-contexts.js';
import { readGraphs } from './read-graphs.js';
import { readTypes } from './read-types.js';
import { SupergraphError } from './supergraph-error.js';
import type { SubgraphInfo, SupergraphModel } from './supergraph-model.js';

/** Where the SDL came from (used in error messages) and which subgraph URLs to replace. */
export interface ParseSupergraphOptions {
  /** File path or description of the SDL's origin, e.g. `schema/supergraph.graphql`. */
  source?: string;
  /** Subgraph name -> URL, replacing the `@join__graph(url:)` of those subgraphs. */
  subgraphUrls?: Readonly<Record<string, string>>;
}

/**
 * Parses a Federation 2 (or Federation 1) supergraph SDL into the gateway's model. Throws a
 * SupergraphError naming the source and the problem (with line and column for syntax errors).
 */
export function parseSupergraph(sdl: string, options: ParseSupergraphOptions = {}): SupergraphModel {
  const source = options.source ?? 'supergraph';
  let document: DocumentNode;
  try {
    document = parse(sdl);
  } catch (error) {
    throw SupergraphError.fromGraphQLError(source, error);
  }
  const join = findJoinSpec(document);
  if (!join) {
    throw new SupergraphError(
      source,
      'it links no join spec (https://specs.apollo.dev/join/v0.x), so it is not a supergraph',
    );
  }
  let schema: GraphQLSchema;
  try {
    schema = buildASTSchema(document, { assumeValidSDL: true });
  } catch (error) {
    throw SupergraphError.fromGraphQLError(source, error);
  }
  const graphs = readGraphs(document, join, source);
  const contextDirective = contextDirectiveName(document);
  const types = readTypes(document, { join, contextDirective, source, graphs, schema });
  const subgraphs = new Map<string, SubgraphInfo>();
  for (const info of graphs.values()) subgraphs.set(info.name, info);
  applyUrlOverrides(subgraphs, options.subgraphUrls ?? {}, source);
  const apiSchema = buildApiSchema(document, source);
  const costDirectives = readCostDirectives(document, source);
  const overrideLabels = new Set<string>();
  for (const type of types.values()) {
    for (const field of type.fields.values()) {
      for (const fieldSource of field.sources.values()) {
        if (fieldSource.overrideLabel) overrideLabels.add(fieldSource.overrideLabel.label);
      }
    }
  }
  return { subgraphs, types, schema, apiSchema, costDirectives, sdl, overrideLabels };
}

function applyUrlOverrides(
  subgraphs: Map<string, SubgraphInfo>,
  overrides: Readonly<Record<string, string>>,
  source: string,
) {
  for (const [name, url] of Object.entries(overrides)) {
    const info = subgraphs.get(name);
    if (!info) {
      const known = [...subgraphs.keys()].join(', ');
      throw new SupergraphError(
        source,
        `a URL is given for subgraph "${name}", which it does not have (${known})`,
      );
    }
    subgraphs.set(name, { ...info, url });
  }
}
