import { parse, print } from 'graphql';
import type { DeferredPart, FetchNode, PlanNode, QueryPlan, RequireSelection } from './query-plan.js';

/** Prints a plan for people (snapshots, `extensions.queryPlan`), in the spirit of Apollo's format. */
export function printQueryPlan(plan: QueryPlan): string {
  if (plan.deferred) return `QueryPlan {\n${printParts(plan.node, plan.deferred)}\n}`;
  if (!plan.node) return 'QueryPlan {}';
  return `QueryPlan {\n${printNode(plan.node, 1)}\n}`;
}

/** A plan with deferred parts: `Primary`, then each `Deferred` part with where it applies. */
function printParts(primary: PlanNode | undefined, parts: readonly DeferredPart[]): string {
  const pad = '  ';
  const body = (node: PlanNode | undefined) => (node ? `\n${printNode(node, 2)}\n${pad}` : '');
  const printed = [`${pad}Primary {${body(primary)}}`];
  for (const part of parts) {
    const label = part.label !== undefined ? `, label: ${JSON.stringify(part.label)}` : '';
    const condition = part.ifVariable !== undefined ? `, if: $${part.ifVariable}` : '';
    const on = part.typeCondition !== undefined ? `, on: ${part.typeCondition}` : '';
    printed.push(
      `${pad}Deferred(id: ${part.id}, after: ${part.after}, path: "${part.path.join('.')}"${on}${label}${condition}) {${body(part.node)}}`,
    );
  }
  return printed.join(',\n');
}

function printNode(node: PlanNode, depth: number): string {
  const pad = '  '.repeat(depth);
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return `${pad}${node.kind} {\n${node.nodes.map((child) => printNode(child, depth + 1)).join(',\n')}\n${pad}}`;
    case 'Batch':
      return `${pad}Batch(service: "${node.serviceName}") {\n${node.nodes.map((child) => printNode(child, depth + 1)).join(',\n')}\n${pad}}`;
    case 'Flatten':
      return `${pad}Flatten(path: "${node.path.join('.')}") {\n${printNode(node.node, depth + 1)}\n${pad}}`;
    case 'Condition': {
      const branches: string[] = [];
      if (node.ifClause)
        branches.push(
          `${pad}Include(if: $${node.condition}) {\n${printNode(node.ifClause, depth + 1)}\n${pad}}`,
        );
      if (node.elseClause)
        branches.push(
          `${pad}Skip(if: $${node.condition}) {\n${printNode(node.elseClause, depth + 1)}\n${pad}}`,
        );
      return branches.join(',\n');
    }
    case 'Fetch': {
      const inner = '  '.repeat(depth + 1);
      const operation = indent(print(parse(node.operation)), inner);
      const requires = node.requires ? `${indent(printRequires(node.requires), inner)} =>\n` : '';
      const when = node.includedWhen ? `, includedWhen: "${printAlternatives(node.includedWhen)}"` : '';
      return `${pad}Fetch(service: "${node.serviceName}"${when}) {\n${requires}${operation}\n${pad}}`;
    }
    default: {
      const unknown: never = node;
      throw new Error(`Unknown plan node ${JSON.stringify(unknown)}`);
    }
  }
}

function printRequires(selections: readonly RequireSelection[]): string {
  const lines = (list: readonly RequireSelection[], depth: number): string[] =>
    list.flatMap((selection) => {
      const pad = '  '.repeat(depth);
      if (selection.kind === 'Field') {
        const head = `${pad}${selection.dataKey !== selection.name ? `${selection.dataKey}: ` : ''}${selection.name}`;
        if (!selection.selections) return [head];
        return [`${head} {`, ...lines(selection.selections, depth + 1), `${pad}}`];
      }
      const on = selection.typeCondition ? ` on ${selection.typeCondition}` : '';
      const as = selection.typename ? ` as ${selection.typename}` : '';
      return [`${pad}...${on}${as} {`, ...lines(selection.selections, depth + 1), `${pad}}`];
    });
  return ['{', ...lines(selections, 1), '}'].join('\n');
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((line) => `${pad}${line}`)
    .join('\n');
}

/** `$a && !$b || $c`: the condition sets of a fetch sent only when one holds. */
function printAlternatives(alternatives: NonNullable<FetchNode['includedWhen']>): string {
  return alternatives
    .map((conditions) =>
      conditions.map((condition) => `${condition.include ? '' : '!'}$${condition.variable}`).join(' && '),
    )
    .join(' || ');
}
