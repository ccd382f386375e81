import { type ConstDirectiveNode, type ConstValueNode, type DocumentNode, Kind } from 'graphql';
import { stringArgument } from './directive-arguments.js';
import { parseFieldSet } from './field-set.js';
import { SupergraphError } from './supergraph-error.js';
import type { ContextArgument } from './supergraph-model.js';

const CONTEXT_URL = /^https:\/\/specs\.apollo\.dev\/context\/v\d+\.\d+$/;

/** The name `@context` goes by in a supergraph that links the context spec, else undefined. */
export function contextDirectiveName(document: DocumentNode): string | undefined {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const url = stringArgument(directive, 'url');
      if (url !== undefined && CONTEXT_URL.test(url)) return stringArgument(directive, 'as') ?? 'context';
    }
  }
  return undefined;
}

/** The contexts a type sets: the names of its `@context(name:)` applications. */
export function readTypeContexts(
  directives: readonly ConstDirectiveNode[],
  directiveName: string | undefined,
): Set<string> {
  const contexts = new Set<string>();
  if (directiveName === undefined) return contexts;
  for (const directive of directives) {
    if (directive.name.value !== directiveName) continue;
    const name = stringArgument(directive, 'name');
    if (name !== undefined) contexts.add(name);
  }
  return contexts;
}

/**
 * The `contextArguments` of a `@join__field`: `[{context: "...", name: "...", type: "...",
 * selection: " { locale }"}]`. A malformed entry names the field it was found on.
 */
export function readContextArguments(
  application: ConstDirectiveNode,
  where: string,
  source: string,
): ContextArgument[] | undefined {
  const argument = application.arguments?.find((candidate) => candidate.name.value === 'contextArguments');
  if (!argument) return undefined;
  const entries = argument.value.kind === Kind.LIST ? argument.value.values : [argument.value];
  return entries.map((entry) => {
    const fields = objectFields(entry);
    const name = fields.get('name');
    const type = fields.get('type');
    const context = fields.get('context');
    const selection = fields.get('selection');
    if (name === undefined || type === undefined || context === undefined || selection === undefined) {
      throw new SupergraphError(
        source,
        `${where}: a contextArguments entry needs name, type, context and selection strings`,
      );
    }
    // `{ locale }` or `... on A { x } ... on B { y }`: a field set either way once unbraced.
    const trimmed = selection.trim();
    const unbraced = trimmed.startsWith('{') && trimmed.endsWith('}') ? trimmed.slice(1, -1) : trimmed;
    return {
      name,
      type,
      context,
      selection: parseFieldSet(unbraced, `${where} contextArguments(${name})`, source),
    };
  });
}

function objectFields(value: ConstValueNode): Map<string, string> {
  const fields = new Map<string, string>();
  if (value.kind !== Kind.OBJECT) return fields;
  for (const field of value.fields) {
    if (field.value.kind === Kind.STRING) fields.set(field.name.value, field.value.value);
  }
  return fields;
}
