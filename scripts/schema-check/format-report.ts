import type { OperationRef, SchemaCheckReport } from './check-subgraph-schema.js';
import { formatCompositionProblem } from './format-composition-problem.js';

const SHOWN_USERS = 3;

/** The report as a short plain-text block for a CI log, ending in one PASS or FAIL line. */
export function formatTextReport(report: SchemaCheckReport): string {
  const lines = [`Schema check of subgraph "${report.subgraph}" with ${report.schema}`, ''];
  if (!report.composition.ok) {
    const count = report.composition.errors.length;
    lines.push(`Composition: FAILED, ${count} error${count === 1 ? '' : 's'}`);
    for (const problem of report.composition.errors) lines.push(`  ${formatCompositionProblem(problem)}`);
  } else {
    lines.push('Composition: OK');
    lines.push(...changeLines(report), ...operationLines(report));
  }
  lines.push('');
  for (const note of report.notes) lines.push(`Note: ${note}`);
  lines.push(report.passed ? 'PASS' : `FAIL: ${report.failures.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** The report as JSON for machines, with the exit code the check ends with. */
export function formatJsonReport(report: SchemaCheckReport, exitCode: number): string {
  return `${JSON.stringify({ ...report, exitCode }, null, 2)}\n`;
}

function changeLines(report: SchemaCheckReport): string[] {
  const count = (severity: string) => report.changes.filter((change) => change.severity === severity).length;
  if (report.changes.length === 0) return ['API schema changes: none'];
  const lines = [
    `API schema changes: ${count('breaking')} breaking, ${count('dangerous')} dangerous, ${count('safe')} safe`,
  ];
  for (const change of report.changes) {
    const users = change.usedBy.length > 0 ? ` Used by ${describeUsers(change.usedBy)}.` : '';
    lines.push(`  ${change.severity.toUpperCase().padEnd(9)}  ${change.description}${users}`);
  }
  return lines;
}

function operationLines(report: SchemaCheckReport): string[] {
  const check = report.operations;
  if (!check) return [];
  const lines = [`Known operations: ${check.checked} checked, ${check.broken.length} broken`];
  for (const broken of check.broken) {
    lines.push(`  ${broken.operation} (${broken.file})`);
    for (const problem of broken.problems) {
      lines.push(`    ${problem.location ? `${problem.location}: ` : ''}${problem.message}`);
    }
  }
  return lines;
}

function describeUsers(users: readonly OperationRef[]): string {
  const names = users.slice(0, SHOWN_USERS).map((user) => user.operation);
  const more = users.length - names.length;
  return more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ');
}
