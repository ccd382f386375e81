import { buildASTSchema, parse } from 'graphql';
import { type CompositionProblem, composeSupergraph } from '../../gateway/src/supergraph/compose.js';
import { checkOperations, type OperationCheck } from './check-operations.js';
import { diffApiSchemas } from './diff-api-schemas.js';
import type { CheckInputs } from './load-check-inputs.js';
import { collectSchemaUsage } from './operation-usage.js';
import type { SchemaChange } from './schema-change.js';

/** A known operation, by file and name. */
export interface OperationRef {
  file: string;
  operation: string;
}

/** A change to the API schema with the known operations that use what it changes. */
export interface ReportedChange extends Omit<SchemaChange, 'reaches'> {
  usedBy: OperationRef[];
}

/** The outcome of one check, as printed (text or JSON). */
export interface SchemaCheckReport {
  subgraph: string;
  /** The proposed SDL's file or URL. */
  schema: string;
  strict: boolean;
  passed: boolean;
  /** Why it failed, one sentence each; empty when it passed. */
  failures: string[];
  /** What a person should still know (unused breaking changes, ignored operations). */
  notes: string[];
  composition: { ok: boolean; errors: CompositionProblem[] };
  /** Empty when composition failed: there is no proposed API schema to compare. */
  changes: ReportedChange[];
  /** Null when composition failed. */
  operations: OperationCheck | null;
}

/**
 * Composes the proposal with the other subgraphs, diffs the resulting API schema against the
 * current one and validates the known operations. It fails when composition fails, when a known
 * operation stops validating, when a breaking change reaches something a known operation uses,
 * or, with `strict`, on any breaking change.
 */
export function checkSubgraphSchema(inputs: CheckInputs, options: { strict: boolean }): SchemaCheckReport {
  const report: SchemaCheckReport = {
    subgraph: inputs.subgraph,
    schema: inputs.source,
    strict: options.strict,
    passed: false,
    failures: [],
    notes: [],
    composition: { ok: true, errors: [] },
    changes: [],
    operations: null,
  };
  const composed = composeSupergraph(inputs.proposed);
  if (!composed.ok) {
    report.composition = { ok: false, errors: composed.problems };
    report.failures.push(`Composition failed with ${plural(composed.problems.length, 'error')}.`);
    return report;
  }

  const proposedApiSchema = buildASTSchema(parse(composed.apiSdl));
  const usage = inputs.operations.map((operation) => ({
    ref: { file: operation.file, operation: operation.name },
    coordinates: collectSchemaUsage(inputs.currentApiSchema, operation.document),
  }));
  report.changes = diffApiSchemas(inputs.currentApiSchema, proposedApiSchema).map(
    ({ reaches, ...change }) => ({
      ...change,
      usedBy: usage.filter((entry) => entry.coordinates.has(reaches)).map((entry) => entry.ref),
    }),
  );
  report.operations = checkOperations(inputs.operations, inputs.currentApiSchema, proposedApiSchema);

  const breaking = report.changes.filter((change) => change.severity === 'breaking');
  const breakingInUse = breaking.filter((change) => change.usedBy.length > 0);
  const { broken } = report.operations;
  if (broken.length > 0) {
    report.failures.push(
      `${plural(broken.length, 'known operation')} no longer ${broken.length === 1 ? 'validates' : 'validate'}.`,
    );
  }
  if (breakingInUse.length > 0) {
    report.failures.push(
      `${plural(breakingInUse.length, 'breaking change')} ${breakingInUse.length === 1 ? 'touches' : 'touch'} what known operations use.`,
    );
  }
  const unused = breaking.length - breakingInUse.length;
  if (options.strict && unused > 0) {
    report.failures.push(`${plural(unused, 'breaking change')} that no known operation uses (--strict).`);
  }
  report.passed = report.failures.length === 0;
  if (!options.strict && unused > 0) {
    report.notes.push(
      `${plural(unused, 'breaking change')} that no known operation uses: reported, not failing (--strict fails on them).`,
    );
  }
  if (report.operations.alreadyInvalid.length > 0) {
    report.notes.push(
      `${plural(report.operations.alreadyInvalid.length, 'known operation')} already invalid against the current supergraph, ignored.`,
    );
  }
  return report;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
