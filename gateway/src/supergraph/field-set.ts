import { type ConstDirectiveNode, parse, type SelectionSetNode } from 'graphql';
import { stringArgument } from './directive-arguments.js';
import { SupergraphError } from './supergraph-error.js';

/**
 * Parses a `join__FieldSet` argument (`"id"`, `"sku org { id }"`) into a selection set, or
 * returns undefined when the argument is absent. A malformed field set names where it was found.
 */
export function fieldSetArgument(
  directive: ConstDirectiveNode,
  argument: string,
  where: string,
  source: string,
): SelectionSetNode | undefined {
  const text = stringArgument(directive, argument);
  if (text === undefined || text.trim() === '') return undefined;
  return parseFieldSet(text, `${where} @${directive.name.value}(${argument}:)`, source);
}

/** Parses a field set written as selections without the enclosing braces. */
export function parseFieldSet(text: string, where: string, source: string): SelectionSetNode {
  try {
    const document = parse(`{${text}}`, { noLocation: true });
    const [operation] = document.definitions;
    if (operation?.kind !== 'OperationDefinition' || document.definitions.length !== 1) {
      throw new Error('expected only selections');
    }
    return operation.selectionSet;
  } catch (error) {
    throw new SupergraphError(
      source,
      `${where} has an invalid field set ${JSON.stringify(text)}: ${(error as Error).message}`,
    );
  }
}
