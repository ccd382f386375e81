import { type DocumentNode, Kind } from 'graphql';
import { stringArgument } from './directive-arguments.js';
import type { JoinSpec } from './join-spec.js';
import { SupergraphError } from './supergraph-error.js';
import type { SubgraphInfo } from './supergraph-model.js';

/** Reads the `join__Graph` enum: one subgraph per value, keyed by the enum value. */
export function readGraphs(
  document: DocumentNode,
  join: JoinSpec,
  source: string,
): Map<string, SubgraphInfo> {
  const enumName = join.name('Graph');
  const graphDirective = join.name('graph');
  const definition = document.definitions.find(
    (candidate) => candidate.kind === Kind.ENUM_TYPE_DEFINITION && candidate.name.value === enumName,
  );
  if (definition?.kind !== Kind.ENUM_TYPE_DEFINITION) {
    throw new SupergraphError(source, `enum ${enumName} is missing: the supergraph names no subgraphs`);
  }
  const graphs = new Map<string, SubgraphInfo>();
  const names = new Set<string>();
  for (const value of definition.values ?? []) {
    const directive = value.directives?.find((candidate) => candidate.name.value === graphDirective);
    const name = directive && stringArgument(directive, 'name');
    const url = directive && stringArgument(directive, 'url');
    if (name === undefined || url === undefined) {
      throw new SupergraphError(
        source,
        `${enumName}.${value.name.value} needs @${graphDirective}(name: "...", url: "...")`,
      );
    }
    if (names.has(name)) throw new SupergraphError(source, `two subgraphs are named "${name}"`);
    names.add(name);
    graphs.set(value.name.value, { name, url });
  }
  if (graphs.size === 0) throw new SupergraphError(source, `enum ${enumName} has no values: no subgraphs`);
  return graphs;
}
