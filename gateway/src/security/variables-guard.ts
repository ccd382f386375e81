import type { GraphQLError } from 'graphql';
import { VARIABLES_STRING_TOO_LONG, VARIABLES_TOO_DEEP } from '../errors.js';
import { limitError } from './limit-error.js';
import type { OperationLimits } from './operation-limits.js';

interface Visit {
  value: unknown;
  /** Objects and lists around `value`, the variable itself not counted. */
  depth: number;
  parent: Visit | undefined;
  key: string | number | undefined;
}

/**
 * Refuses variables that nest objects or lists more than `maxVariablesDepth` levels (a scalar is
 * level 0, `{"a":1}` level 1) or hold a string (value or key) longer than `maxVariableStringLength`.
 * The walk is iterative and stops at the first violation, so a value nested 10,000 levels deep (or
 * a cyclic object) costs at most `maxVariablesDepth` levels of work per branch and no recursion.
 */
export function checkVariables(
  variables: unknown,
  limits: Pick<OperationLimits, 'maxVariablesDepth' | 'maxVariableStringLength'>,
): GraphQLError | undefined {
  if (variables === null || typeof variables !== 'object') return undefined;
  const stack: Visit[] = [];
  for (const [name, value] of Object.entries(variables)) {
    const tooLong = checkString(name, undefined, limits);
    if (tooLong) return tooLong;
    stack.push({ value, depth: 0, parent: undefined, key: name });
  }
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const { value } = visit;
    if (typeof value === 'string') {
      const tooLong = checkString(value, visit, limits);
      if (tooLong) return tooLong;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const depth = visit.depth + 1;
    if (depth > limits.maxVariablesDepth) {
      return limitError(
        VARIABLES_TOO_DEEP,
        `The variable value at ${pathOf(visit)} nests objects or lists more than ${limits.maxVariablesDepth} levels deep.`,
        { limit: limits.maxVariablesDepth, measured: depth },
      );
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        stack.push({ value: item, depth, parent: visit, key: index });
      });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const tooLong = checkString(key, visit, limits);
      if (tooLong) return tooLong;
      stack.push({ value: item, depth, parent: visit, key });
    }
  }
  return undefined;
}

function checkString(
  text: string,
  at: Visit | undefined,
  limits: Pick<OperationLimits, 'maxVariableStringLength'>,
): GraphQLError | undefined {
  if (text.length <= limits.maxVariableStringLength) return undefined;
  const where = at === undefined ? 'a variable name' : `the variable value at ${pathOf(at)}`;
  return limitError(
    VARIABLES_STRING_TOO_LONG,
    `A string in ${where} is ${text.length} characters long; the limit is ${limits.maxVariableStringLength}.`,
    { limit: limits.maxVariableStringLength, measured: text.length },
  );
}

/** `$input.tags[3]`: built only for a refusal, from the (bounded) chain of parents. */
function pathOf(visit: Visit): string {
  const segments: string[] = [];
  for (let at: Visit | undefined = visit; at !== undefined; at = at.parent) {
    if (at.parent === undefined) segments.push(`$${String(at.key)}`);
    else segments.push(typeof at.key === 'number' ? `[${at.key}]` : `.${String(at.key)}`);
  }
  return segments.reverse().join('');
}
