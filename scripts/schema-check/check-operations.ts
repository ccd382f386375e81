import { type GraphQLError, type GraphQLSchema, specifiedRules, validate } from 'graphql';
import {
  incrementalDeliveryRules,
  withDeferDirective,
} from '../../gateway/src/supergraph/defer-directive.js';
import type { KnownOperation } from './known-operations.js';

/** A validation error of an operation, located in its file. */
export interface OperationProblem {
  message: string;
  /** `file:line:column` of the first location, when graphql-js gives one. */
  location: string | undefined;
}

/** A known operation that does not validate against a schema. */
export interface InvalidOperation {
  file: string;
  operation: string;
  problems: OperationProblem[];
}

/** How the known operations fare against the proposed API schema. */
export interface OperationCheck {
  checked: number;
  /** Valid against the current API schema, invalid against the proposed one. */
  broken: InvalidOperation[];
  /** Already invalid against the current API schema: not held against the proposal. */
  alreadyInvalid: InvalidOperation[];
}

/** Validates every known operation against the current and the proposed API schema. */
export function checkOperations(
  operations: readonly KnownOperation[],
  current: GraphQLSchema,
  proposed: GraphQLSchema,
): OperationCheck {
  const result: OperationCheck = { checked: operations.length, broken: [], alreadyInvalid: [] };
  for (const operation of operations) {
    const nowInvalid = validationProblems(operation, current);
    if (nowInvalid) {
      result.alreadyInvalid.push(nowInvalid);
      continue;
    }
    const invalid = validationProblems(operation, proposed);
    if (invalid) result.broken.push(invalid);
  }
  return result;
}

/** The operation's validation problems against `schema` as the gateway serves it, or undefined when it is valid. */
export function validationProblems(
  operation: KnownOperation,
  schema: GraphQLSchema,
): InvalidOperation | undefined {
  // Operations validate against the schema the gateway serves: with `@defer` and its rules.
  const errors = validate(withDeferDirective(schema), operation.document, [
    ...specifiedRules,
    ...incrementalDeliveryRules(),
  ]);
  if (errors.length === 0) return undefined;
  return { file: operation.file, operation: operation.name, problems: errors.map(toProblem) };
}

function toProblem(error: GraphQLError): OperationProblem {
  const location = error.locations?.[0];
  const file = error.source?.name;
  return {
    message: error.message,
    location: location && file ? `${file}:${location.line}:${location.column}` : undefined,
  };
}
