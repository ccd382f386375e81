import { print, type VariableDefinitionNode } from 'graphql';
import type { FetchGroup } from './fetch-group.js';
import type { FetchNode } from './query-plan.js';
import { clientFieldKeys, collectVariables, internalAliases, printSelections } from './subgraph-selection.js';

/**
 * Fourth planner pass: prints a fetch group's subgraph operation once, declaring exactly the
 * client variables it uses (with their defaults) and, for entity fetches, the representations.
 */
export function printFetch(
  group: FetchGroup,
  operation: { name?: string; rootType: string; variableDefinitions: readonly VariableDefinitionNode[] },
): FetchNode {
  const { variableDefinitions } = operation;
  const operationName = operation.name;
  const used = collectVariables(group.selections);
  // Stand-ins for values each object takes from a context: written in per object, never declared.
  for (const variable of group.contextArguments.keys()) used.delete(variable);
  const declared = variableDefinitions.filter((definition) => used.has(definition.variable.name.value));
  const definitions = declared.map(
    (definition) =>
      `$${definition.variable.name.value}:${print(definition.type)}${
        definition.defaultValue ? `=${print(definition.defaultValue)}` : ''
      }`,
  );
  const name = operationName ? `${operationName}__${sanitize(group.subgraph)}__${group.id}` : undefined;
  const variableUsages = declared.map((definition) => definition.variable.name.value);
  const aliases = internalAliases(group.selections);
  const restoredKeys: Record<string, string> = {};
  for (const [alias, { dataKey, reportAs }] of group.restoredKeys) {
    restoredKeys[alias] = dataKey;
    aliases[alias] = reportAs;
  }
  const restored = (keys: string[]) => keys.map((key) => restoredKeys[key] ?? key);
  const base = {
    kind: 'Fetch' as const,
    id: group.id,
    serviceName: group.subgraph,
    operationKind: group.operationKind,
    ...(name && { operationName: name }),
    variableUsages,
    ...(Object.keys(aliases).length > 0 && { internalAliases: aliases }),
    ...(group.restoredKeys.size > 0 && { restoredKeys }),
    ...(group.requirements.length > 0 && { requirements: group.requirements }),
    ...(group.contextArguments.size > 0 && {
      contextArguments: [...group.contextArguments.values()].map(
        ({ variable, ancestorPath, selection, type }) => ({
          variable,
          ancestorPath,
          selection,
          type,
        }),
      ),
    }),
    ...(group.includedWhen && { includedWhen: group.includedWhen }),
  };
  if (group.kind === 'root') {
    return {
      ...base,
      fields: { [operation.rootType]: restored(clientFieldKeys(group.selections)) },
      operation: `${header(group.operationKind, name, definitions)}${printSelections(group.selections)}`,
    };
  }
  let representations = 'representations';
  while (used.has(representations)) representations = `_${representations}`;
  const entitySelection = printSelections(group.selections);
  const entities = `{_entities(representations:$${representations})${entitySelection}}`;
  const fields: Record<string, readonly string[]> = {};
  for (const selection of group.selections) {
    if (selection.kind === 'InlineFragment' && selection.typeCondition) {
      fields[selection.typeCondition] = restored(clientFieldKeys(selection.selections));
    }
  }
  return {
    ...base,
    fields,
    operation: `${header('query', name, [`$${representations}:[_Any!]!`, ...definitions])}${entities}`,
    requires: [...group.requires].map(([typeCondition, entry]) => ({
      kind: 'InlineFragment' as const,
      typeCondition,
      ...(entry.typename !== typeCondition && { typename: entry.typename }),
      selections: entry.selections,
    })),
    representationsVariable: representations,
    entitySelection,
    variableDefinitions: definitions,
  };
}

function header(
  kind: 'query' | 'mutation' | 'subscription',
  name: string | undefined,
  definitions: readonly string[],
): string {
  const variables = definitions.length > 0 ? `(${definitions.join(',')})` : '';
  if (!name && variables === '') return kind === 'query' ? '' : kind;
  return `${kind}${name ? ` ${name}` : ''}${variables}`;
}

/** Subgraph names may hold characters GraphQL names cannot. */
function sanitize(name: string): string {
  return name.replace(/[^_0-9A-Za-z]/g, '_');
}
