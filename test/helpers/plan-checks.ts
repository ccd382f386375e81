import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, Kind, parse, type SelectionNode, validate } from 'graphql';
import type { FetchNode, PlanNode, QueryPlan } from '../../gateway/src/planner/query-plan.js';

/**
 * What a plan does, read from its nodes rather than its printout: for checks written from what
 * the federation implies, independently of the planner's own output.
 */
export interface PlanShape {
  /** Requests to subgraphs (a Batch is one), on the path that makes the most. */
  requests: number;
  /** Requests that must wait for each other: the longest chain of Sequence steps. */
  waves: number;
  /**
   * Which subgraph each fetched field comes from, as `Type.field`: the fields at the top of each
   * subgraph operation (on the root type, or on each type condition under `_entities`), read
   * from the operation text; several subgraphs are joined with ` & `. `__typename` is left out.
   */
  serves: Record<string, string>;
}

/** The shape of `plan`. */
export function planShape(plan: QueryPlan): PlanShape {
  const serves = new Map<string, Set<string>>();
  for (const fetch of fetchesOf(plan.node)) {
    for (const field of topFieldsOf(fetch)) {
      serves.set(field, (serves.get(field) ?? new Set()).add(fetch.serviceName));
    }
  }
  return {
    requests: plan.node ? measure(plan.node).requests : 0,
    waves: plan.node ? measure(plan.node).waves : 0,
    serves: Object.fromEntries(
      [...serves]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([field, subgraphs]) => [field, [...subgraphs].sort().join(' & ')]),
    ),
  };
}

/** `Type.field` for each field at the top of the fetch's operation, `_entities` looked through. */
function topFieldsOf(fetch: FetchNode): string[] {
  const [definition] = parse(fetch.operation).definitions;
  if (definition?.kind !== Kind.OPERATION_DEFINITION) return [];
  const rootType = definition.operation === 'mutation' ? 'Mutation' : 'Query';
  const found: string[] = [];
  const visit = (selections: readonly SelectionNode[], type: string) => {
    for (const selection of selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT)
        visit(selection.selectionSet.selections, selection.typeCondition?.name.value ?? type);
      else if (selection.kind === Kind.FIELD && selection.name.value === '_entities' && type === rootType)
        visit(selection.selectionSet?.selections ?? [], type);
      else if (selection.kind === Kind.FIELD && selection.name.value !== '__typename')
        found.push(`${type}.${selection.name.value}`);
    }
  };
  visit(definition.selectionSet.selections, rootType);
  return found;
}

/** Every fetch of the plan, in plan order, both branches of conditions included. */
export function fetchesOf(node: PlanNode | undefined): FetchNode[] {
  if (!node) return [];
  switch (node.kind) {
    case 'Fetch':
      return [node];
    case 'Flatten':
      return [node.node];
    case 'Condition':
      return [...fetchesOf(node.ifClause), ...fetchesOf(node.elseClause)];
    default:
      return node.nodes.flatMap(fetchesOf);
  }
}

function measure(node: PlanNode): { requests: number; waves: number } {
  switch (node.kind) {
    case 'Fetch':
    case 'Flatten':
    case 'Batch':
      return { requests: 1, waves: 1 };
    case 'Condition': {
      const branches = [node.ifClause, node.elseClause].flatMap((branch) =>
        branch ? [measure(branch)] : [],
      );
      return {
        requests: Math.max(0, ...branches.map((branch) => branch.requests)),
        waves: Math.max(0, ...branches.map((branch) => branch.waves)),
      };
    }
    case 'Sequence':
    case 'Parallel': {
      const parts = node.nodes.map(measure);
      const requests = parts.reduce((sum, part) => sum + part.requests, 0);
      const waves =
        node.kind === 'Sequence'
          ? parts.reduce((sum, part) => sum + part.waves, 0)
          : Math.max(0, ...parts.map((part) => part.waves));
      return { requests, waves };
    }
  }
}

/**
 * Validates every subgraph operation of `plan` against the schema that subgraph builds from its
 * own SDL (`sdls`: subgraph name -> SDL), and returns what is wrong, as `subgraph: problem`.
 */
export function subgraphOperationProblems(plan: QueryPlan, sdls: Readonly<Record<string, string>>): string[] {
  const schemas = new Map<string, GraphQLSchema>();
  const schemaOf = (name: string) => {
    let schema = schemas.get(name);
    const sdl = sdls[name];
    if (!schema && sdl !== undefined) {
      schema = buildSubgraphSchema({ typeDefs: parse(sdl) });
      schemas.set(name, schema);
    }
    return schema;
  };
  return fetchesOf(plan.node).flatMap((fetch) => {
    const schema = schemaOf(fetch.serviceName);
    if (!schema) return [`${fetch.serviceName}: no SDL known`];
    // Context arguments stand as undeclared variables until the executor writes their values in.
    const writtenIn = new Set(
      (fetch.contextArguments ?? []).map(({ variable }) => `Variable "$${variable}" is not defined.`),
    );
    return validate(schema, parse(fetch.operation))
      .filter((error) => !writtenIn.has(error.message))
      .map((error) => `${fetch.serviceName}: ${error.message} in\n${fetch.operation}`);
  });
}
