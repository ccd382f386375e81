import type { FetchNode } from '../planner/query-plan.js';

/** Several entity fetches to one subgraph as one operation. */
export interface CombinedEntityOperation {
  readonly query: string;
  readonly operationName?: string;
  /** The alias of each fetch's `_entities` field, in the order of the fetches. */
  readonly aliases: readonly string[];
  /** The variable holding each fetch's representations, in the order of the fetches. */
  readonly representationsVariables: readonly string[];
}

// Keyed by the first fetch (plan data, immutable): an operation is built once per combination.
const cache = new WeakMap<FetchNode, Map<string, CombinedEntityOperation>>();

/**
 * One operation asking for the entities of several fetches (same subgraph), each through an
 * aliased `_entities` field with a representations variable of its own:
 * `query($representations0:[_Any!]!,$representations1:[_Any!]!){_0:_entities(…){…} _1:_entities(…){…}}`.
 * The client variables any of them uses are declared once.
 */
export function combinedEntityOperation(fetches: readonly FetchNode[]): CombinedEntityOperation {
  const [first] = fetches;
  if (!first) throw new Error('combinedEntityOperation needs at least one fetch.');
  const key = fetches.map((fetch) => fetch.id).join(',');
  let byCombination = cache.get(first);
  let combined = byCombination?.get(key);
  if (combined) return combined;
  combined = build(fetches);
  if (!byCombination) {
    byCombination = new Map();
    cache.set(first, byCombination);
  }
  byCombination.set(key, combined);
  return combined;
}

function build(fetches: readonly FetchNode[]): CombinedEntityOperation {
  const used = new Set(fetches.flatMap((fetch) => fetch.variableUsages));
  const definitions = new Set<string>();
  const aliases: string[] = [];
  const variables: string[] = [];
  const fields: string[] = [];
  fetches.forEach((fetch, index) => {
    let variable = `representations${index}`;
    while (used.has(variable)) variable = `_${variable}`;
    const alias = `_${index}`;
    aliases.push(alias);
    variables.push(variable);
    definitions.add(`$${variable}:[_Any!]!`);
    fields.push(`${alias}:_entities(representations:$${variable})${fetch.entitySelection ?? '{}'}`);
  });
  for (const fetch of fetches)
    for (const definition of fetch.variableDefinitions ?? []) definitions.add(definition);
  const operationName = combinedName(fetches);
  return {
    query: `query${operationName ? ` ${operationName}` : ''}(${[...definitions].join(',')}){${fields.join(' ')}}`,
    ...(operationName && { operationName }),
    aliases,
    representationsVariables: variables,
  };
}

/** `<client operation>__<subgraph>__<id>_<id>…`, from the fetches' own names, when they have one. */
function combinedName(fetches: readonly FetchNode[]): string | undefined {
  const name = fetches[0]?.operationName;
  if (!name) return undefined;
  const prefix = name.slice(0, name.lastIndexOf('__'));
  return `${prefix}__${fetches.map((fetch) => fetch.id).join('_')}`;
}
