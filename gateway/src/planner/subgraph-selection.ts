import { type ArgumentNode, type DirectiveNode, Kind, print, type ValueNode } from 'graphql';

/** A field of a subgraph operation being built. */
export interface SubgraphField {
  readonly kind: 'Field';
  readonly alias?: string;
  readonly name: string;
  readonly arguments: readonly ArgumentNode[];
  readonly directives: readonly DirectiveNode[];
  /** Printed alias, name, arguments and directives: two fields with the same signature merge. */
  readonly signature: string;
  readonly selections?: SubgraphSelection[];
  /** True while only the gateway needs the field (a key, a `@requires` field, `__typename`). */
  internal: boolean;
}

/** An inline fragment of a subgraph operation being built. */
export interface SubgraphFragment {
  readonly kind: 'InlineFragment';
  readonly typeCondition?: string;
  readonly directives: readonly DirectiveNode[];
  readonly signature: string;
  readonly selections: SubgraphSelection[];
}

export type SubgraphSelection = SubgraphField | SubgraphFragment;

/** Adds a field to a selection list, or returns the identical one already there. */
export function addField(
  list: SubgraphSelection[],
  field: {
    alias?: string | undefined;
    name: string;
    arguments?: readonly ArgumentNode[];
    directives?: readonly DirectiveNode[];
    composite: boolean;
    internal?: boolean;
  },
): SubgraphField {
  const args = field.arguments ?? [];
  const directives = field.directives ?? [];
  const alias = field.alias !== undefined && field.alias !== field.name ? field.alias : undefined;
  const signature = `${alias ? `${alias}:` : ''}${field.name}${printArguments(args)}${printDirectives(directives)}`;
  for (const existing of list) {
    if (existing.kind === 'Field' && existing.signature === signature) {
      if (!field.internal) existing.internal = false;
      return existing;
    }
  }
  const created: SubgraphField = {
    kind: 'Field',
    ...(alias && { alias }),
    name: field.name,
    arguments: args,
    directives,
    signature,
    ...(field.composite && { selections: [] }),
    internal: field.internal ?? false,
  };
  list.push(created);
  return created;
}

/** The same field under another alias (its sub-selections shared). */
export function withAlias(field: SubgraphField, alias: string): SubgraphField {
  return {
    ...field,
    alias,
    signature: `${alias}:${field.name}${printArguments(field.arguments)}${printDirectives(field.directives)}`,
  };
}

/** A field's arguments as printed in its signature ('' without arguments). */
export function printedArguments(field: SubgraphField): string {
  return printArguments(field.arguments);
}

/** Adds an inline fragment to a selection list, or returns the identical one already there. */
export function addFragment(
  list: SubgraphSelection[],
  typeCondition: string | undefined,
  directives: readonly DirectiveNode[] = [],
): SubgraphFragment {
  const signature = `...${typeCondition ? `on ${typeCondition}` : ''}${printDirectives(directives)}`;
  for (const existing of list) {
    if (existing.kind === 'InlineFragment' && existing.signature === signature) return existing;
  }
  const created: SubgraphFragment = {
    kind: 'InlineFragment',
    ...(typeCondition && { typeCondition }),
    directives,
    signature,
    selections: [],
  };
  list.push(created);
  return created;
}

/** The list inside nested condition-only fragments (`... @include(if: $a) { ... @skip(if: $b) { } }`). */
export function listInside(
  list: SubgraphSelection[],
  wrappers: readonly (readonly DirectiveNode[])[],
): SubgraphSelection[] {
  let current = list;
  for (const directives of wrappers) current = addFragment(current, undefined, directives).selections;
  return current;
}

/** Prints selections compactly, as sent on the wire: `{a b:c(x:1){d}}`. */
export function printSelections(list: readonly SubgraphSelection[]): string {
  return `{${list.map(printSelection).join(' ')}}`;
}

function printSelection(selection: SubgraphSelection): string {
  const inner =
    selection.selections && selection.selections.length > 0 ? printSelections(selection.selections) : '';
  return `${selection.signature}${inner}`;
}

function printArguments(args: readonly ArgumentNode[]): string {
  if (args.length === 0) return '';
  return `(${args.map((argument) => `${argument.name.value}:${printValue(argument.value)}`).join(',')})`;
}

function printDirectives(directives: readonly DirectiveNode[]): string {
  return directives
    .map((directive) => `@${directive.name.value}${printArguments(directive.arguments ?? [])}`)
    .join('');
}

function printValue(value: ValueNode): string {
  return print(value);
}

/** Names of the variables used anywhere in the selections (arguments and directives), in first-use order. */
export function collectVariables(
  list: readonly SubgraphSelection[],
  into: Set<string> = new Set(),
): Set<string> {
  for (const selection of list) {
    if (selection.kind === 'Field')
      for (const argument of selection.arguments) collectValueVariables(argument.value, into);
    for (const directive of selection.directives) {
      for (const argument of directive.arguments ?? []) collectValueVariables(argument.value, into);
    }
    if (selection.selections) collectVariables(selection.selections, into);
  }
  return into;
}

function collectValueVariables(value: ValueNode, into: Set<string>): void {
  switch (value.kind) {
    case Kind.VARIABLE:
      into.add(value.name.value);
      return;
    case Kind.LIST:
      for (const item of value.values) collectValueVariables(item, into);
      return;
    case Kind.OBJECT:
      for (const field of value.fields) collectValueVariables(field.value, into);
      return;
    default:
      return;
  }
}

/** Data keys of the client fields at the top of a selection list (looking through condition-only fragments). */
export function clientFieldKeys(list: readonly SubgraphSelection[], into: string[] = []): string[] {
  for (const selection of list) {
    if (selection.kind === 'Field') {
      const key = selection.alias ?? selection.name;
      if (!selection.internal && !into.includes(key)) into.push(key);
    } else if (selection.typeCondition === undefined) {
      clientFieldKeys(selection.selections, into);
    }
  }
  return into;
}

/** Aliases of internal fields anywhere in the selections, mapped to their field names. */
export function internalAliases(
  list: readonly SubgraphSelection[],
  into: Record<string, string> = {},
): Record<string, string> {
  for (const selection of list) {
    if (selection.kind === 'Field' && selection.internal && selection.alias)
      into[selection.alias] = selection.name;
    if (selection.selections) internalAliases(selection.selections, into);
  }
  return into;
}

/** Adds a selection (and its sub-selections) into a list, merging with identical selections. */
export function mergeSelection(list: SubgraphSelection[], selection: SubgraphSelection): void {
  if (selection.kind === 'Field') {
    const added = addField(list, {
      alias: selection.alias,
      name: selection.name,
      arguments: selection.arguments,
      directives: selection.directives,
      composite: selection.selections !== undefined,
      internal: selection.internal,
    });
    if (added.selections && selection.selections) {
      for (const inner of selection.selections) mergeSelection(added.selections, inner);
    }
    return;
  }
  const added = addFragment(list, selection.typeCondition, selection.directives);
  for (const inner of selection.selections) mergeSelection(added.selections, inner);
}
