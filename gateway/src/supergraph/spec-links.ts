import { type ConstDirectiveNode, type ConstValueNode, type DocumentNode, Kind } from 'graphql';
import { stringArgument } from './directive-arguments.js';

/** One feature a supergraph links: `@link(url:, as:, import:)`, or `@core(feature:, as:)` in Federation 1. */
export interface SpecLink {
  readonly url: string;
  /** The namespace it was renamed to with `as`, if it was. */
  readonly as: string | undefined;
  /** Names imported without a prefix: `@name` for a directive, `Name` for a type; keyed by original name. */
  readonly imports: ReadonlyMap<string, string>;
}

/** The `@link`/`@core` applications on the schema definition and its extensions, in order. */
export function specLinks(document: DocumentNode): SpecLink[] {
  const links: SpecLink[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      const link = linkOf(directive);
      if (link) links.push(link);
    }
  }
  return links;
}

function linkOf(directive: ConstDirectiveNode): SpecLink | undefined {
  const name = directive.name.value;
  const url =
    name === 'link'
      ? stringArgument(directive, 'url')
      : name === 'core'
        ? stringArgument(directive, 'feature')
        : undefined;
  if (url === undefined) return undefined;
  const imports = new Map<string, string>();
  const value = directive.arguments?.find((argument) => argument.name.value === 'import')?.value;
  for (const element of value?.kind === Kind.LIST ? value.values : []) {
    const imported = importOf(element);
    if (imported) imports.set(imported.name, imported.as);
  }
  return { url, as: stringArgument(directive, 'as'), imports };
}

/** `"@key"`, or `{ name: "@key", as: "@primaryKey" }`. */
function importOf(value: ConstValueNode): { name: string; as: string } | undefined {
  if (value.kind === Kind.STRING) return { name: value.value, as: value.value };
  if (value.kind !== Kind.OBJECT) return undefined;
  const field = (key: string) => {
    const found = value.fields.find((candidate) => candidate.name.value === key)?.value;
    return found?.kind === Kind.STRING ? found.value : undefined;
  };
  const name = field('name');
  return name === undefined ? undefined : { name, as: field('as') ?? name };
}

/** `join` for `https://specs.apollo.dev/join/v0.3`: the name a spec's URL gives it. */
export function specName(url: string): string | undefined {
  return /\/([A-Za-z_][A-Za-z0-9_]*)\/v\d+\.\d+\/?$/.exec(url)?.[1];
}
