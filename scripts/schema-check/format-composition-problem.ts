import type { CompositionProblem } from '../../gateway/src/supergraph/compose.js';

/** One line for a composition problem: `[code] subgraphs a, b at Type.field: message`. */
export function formatCompositionProblem(problem: CompositionProblem): string {
  const where = [
    problem.subgraphs.length > 0
      ? `${problem.subgraphs.length > 1 ? 'subgraphs' : 'subgraph'} ${problem.subgraphs.join(', ')}`
      : undefined,
    problem.coordinate && `at ${problem.coordinate}`,
  ]
    .filter(Boolean)
    .join(' ');
  return `${problem.code}${where ? ` (${where})` : ''}: ${problem.message}`;
}
