import {
  buildASTSchema,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
  isTypeDefinitionNode,
  Kind,
  type NamedTypeNode,
  type OperationTypeDefinitionNode,
  type SchemaDefinitionNode,
  specifiedDirectives,
  validateSchema,
} from 'graphql';
import { withDeferDirective } from './defer-directive.js';
import { specLinks, specName } from './spec-links.js';
import { SupergraphError } from './supergraph-error.js';

/**
 * Builds the schema clients see from a supergraph document: `join__*`/`link__*` machinery and
 * spec directives removed, `@inaccessible` types, fields, arguments and enum values hidden;
 * `@defer` declared (the gateway delivers deferred fragments incrementally).
 */
export function buildApiSchema(supergraph: DocumentNode, source: string): GraphQLSchema {
  let schema: GraphQLSchema;
  try {
    schema = buildASTSchema(apiSchemaDocument(supergraph));
  } catch (error) {
    throw SupergraphError.fromGraphQLError(source, error);
  }
  const [problem] = validateSchema(schema);
  if (problem) throw new SupergraphError(source, `the API schema is invalid: ${problem.message}`);
  return withDeferDirective(schema);
}

const APOLLO_SPECS = 'https://specs.apollo.dev/';

/** graphql-js declares these itself; `@oneOf` is kept as the supergraph declares it. */
const BUILT_IN_DIRECTIVES = new Set(
  specifiedDirectives.map((directive) => directive.name).filter((name) => name !== 'oneOf'),
);

/**
 * The supergraph's definitions as clients see them. The machinery of every Apollo spec it links
 * (`@link`, or `@core` in Federation 1) goes: names in the spec's namespace (`join__type`), the
 * directive named after it (`@inaccessible`), and what it imports. Elements marked `@inaccessible`
 * go with everything that names them: implemented interfaces and union members. A spec linked
 * from elsewhere (a composed directive's own) stays, as it is part of the graph's schema.
 */
export function apiSchemaDocument(supergraph: DocumentNode): DocumentNode {
  const machinery = federationMachinery(supergraph);
  const hidden = hiddenTypes(supergraph, machinery);
  type Directed = { readonly directives?: readonly ConstDirectiveNode[] | undefined };
  const visible = (node: Directed): boolean =>
    !node.directives?.some((directive) => directive.name.value === machinery.inaccessible);
  const directives = (node: Directed) =>
    node.directives?.filter((directive) => !machinery.directive(directive.name.value));
  /** The visible ones of `nodes` (fields, arguments, enum values), without machinery directives. */
  const members = <T extends Directed>(nodes: readonly T[] | undefined): T[] | undefined =>
    nodes?.filter(visible).map((node) => ({ ...node, directives: directives(node) }));
  const named = (types: readonly NamedTypeNode[] | undefined) =>
    types?.filter((type) => !hidden.has(type.name.value));

  const definitions: DefinitionNode[] = [];
  const operationTypes: OperationTypeDefinitionNode[] = [];
  for (const definition of supergraph.definitions) {
    if (isTypeDefinitionNode(definition) && hidden.has(definition.name.value)) continue;
    switch (definition.kind) {
      case Kind.SCHEMA_DEFINITION:
      case Kind.SCHEMA_EXTENSION:
        operationTypes.push(...(definition.operationTypes ?? []));
        break;
      case Kind.DIRECTIVE_DEFINITION:
        if (machinery.directive(definition.name.value)) break;
        if (BUILT_IN_DIRECTIVES.has(definition.name.value)) break;
        definitions.push(definition);
        break;
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION:
        definitions.push({
          ...definition,
          directives: directives(definition),
          interfaces: named(definition.interfaces),
          fields: members(definition.fields)?.map((field) => ({
            ...field,
            arguments: members(field.arguments),
          })),
        });
        break;
      case Kind.UNION_TYPE_DEFINITION:
        definitions.push({
          ...definition,
          directives: directives(definition),
          types: named(definition.types),
        });
        break;
      case Kind.ENUM_TYPE_DEFINITION:
        definitions.push({
          ...definition,
          directives: directives(definition),
          values: members(definition.values),
        });
        break;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        definitions.push({
          ...definition,
          directives: directives(definition),
          fields: members(definition.fields),
        });
        break;
      case Kind.SCALAR_TYPE_DEFINITION:
        definitions.push({ ...definition, directives: directives(definition) });
        break;
      default:
        definitions.push(definition);
    }
  }
  // Root types keep the names the supergraph gives them; the schema's own directives are machinery.
  if (operationTypes.length > 0) {
    const schema: SchemaDefinitionNode = { kind: Kind.SCHEMA_DEFINITION, operationTypes };
    definitions.unshift(schema);
  }
  return { kind: Kind.DOCUMENT, definitions };
}

/** What the API schema leaves out, by name. */
interface FederationMachinery {
  directive(name: string): boolean;
  type(name: string): boolean;
  /** `inaccessible`, or the name the supergraph gave it. */
  readonly inaccessible: string;
}

function federationMachinery(supergraph: DocumentNode): FederationMachinery {
  const directives = new Set<string>();
  const types = new Set<string>();
  const prefixes: string[] = [];
  let inaccessible = 'inaccessible';
  for (const link of specLinks(supergraph)) {
    const name = link.url.startsWith(APOLLO_SPECS) ? specName(link.url) : undefined;
    if (name === undefined) continue;
    const namespace = link.as ?? name;
    prefixes.push(`${namespace}__`);
    directives.add(namespace);
    for (const imported of link.imports.values()) {
      if (imported.startsWith('@')) directives.add(imported.slice(1));
      else types.add(imported);
    }
    if (name === 'inaccessible') inaccessible = link.imports.get('@inaccessible')?.slice(1) ?? namespace;
  }
  const inNamespace = (name: string) => prefixes.some((prefix) => name.startsWith(prefix));
  return {
    directive: (name) => directives.has(name) || inNamespace(name),
    type: (name) => types.has(name) || inNamespace(name),
    inaccessible,
  };
}

/** Types left out: machinery, and those marked `@inaccessible`. */
function hiddenTypes(supergraph: DocumentNode, machinery: FederationMachinery): Set<string> {
  const hidden = new Set<string>();
  for (const definition of supergraph.definitions) {
    if (!('name' in definition) || !definition.name || definition.kind === Kind.DIRECTIVE_DEFINITION)
      continue;
    const name = definition.name.value;
    const marked = definition.directives?.some(
      (directive) => directive.name.value === machinery.inaccessible,
    );
    if (marked || machinery.type(name)) hidden.add(name);
  }
  return hidden;
}
