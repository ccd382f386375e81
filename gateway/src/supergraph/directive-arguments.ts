import { type ConstDirectiveNode, Kind } from 'graphql';

/** The literal value of a directive argument: strings, enums, booleans and lists of those. */
export type DirectiveArgument = string | boolean | undefined;

/** Reads one argument of a directive application as written in SDL; variables cannot occur in SDL. */
export function directiveArgument(directive: ConstDirectiveNode, name: string): DirectiveArgument {
  const argument = directive.arguments?.find((candidate) => candidate.name.value === name);
  if (!argument) return undefined;
  const value = argument.value;
  switch (value.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return value.value;
    case Kind.BOOLEAN:
      return value.value;
    default:
      return undefined;
  }
}

/** A string argument, or undefined when absent or not a string. */
export function stringArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directiveArgument(directive, name);
  return typeof value === 'string' ? value : undefined;
}

/** A boolean argument, or the fallback when absent. */
export function booleanArgument(directive: ConstDirectiveNode, name: string, fallback: boolean): boolean {
  const value = directiveArgument(directive, name);
  return typeof value === 'boolean' ? value : fallback;
}
