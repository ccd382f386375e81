import {
  type ConstDirectiveNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  valueFromASTUntyped,
} from 'graphql';
import {
  type Alternatives,
  bothRequired,
  canonicalAlternatives,
  isUnrestricted,
  NO_REQUIREMENT,
  type Requirement,
} from './requirement.js';

/** The authorization directives a supergraph declares, by the names it gives them. */
interface DirectiveNames {
  authenticated?: string;
  requiresScopes?: string;
  policy?: string;
}

type Spec = keyof DirectiveNames;

const SPEC_URL = /^https:\/\/specs\.apollo\.dev\/(authenticated|requiresScopes|policy)\/v0\.\d+$/;

/** What the supergraph requires of a client, per type and per field. */
export interface AuthorizationRules {
  /** True when no type or field of the supergraph carries an authorization directive. */
  readonly isEmpty: boolean;
  /** True when some type or field carries `@policy`, which only a policy hook can grant. */
  readonly usesPolicies: boolean;
  /**
   * The requirement of a type (object, interface, scalar, enum); an interface's includes its
   * implementations', since any of them may be behind it.
   */
  typeRequirement(typeName: string): Requirement;
  /** The requirement of a field; an interface field's includes the implementations' same field. */
  fieldRequirement(typeName: string, fieldName: string): Requirement;
}

/**
 * Reads `@authenticated`, `@requiresScopes(scopes:)` and `@policy(policies:)` from a supergraph
 * schema. Composition keeps them through `@link(url: "https://specs.apollo.dev/<name>/v0.1", for:
 * SECURITY)`; a directive is known by the name its link gives it (`as:`, `import:`), and a
 * supergraph that links none of the three has no rules.
 */
export function readAuthorizationRules(schema: GraphQLSchema): AuthorizationRules {
  const names = linkedDirectiveNames(schema);
  const own = new Map<string, Requirement>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const typeRequirement = requirementOf(directivesOf(type), names);
    if (!isUnrestricted(typeRequirement)) own.set(type.name, typeRequirement);
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const fieldRequirement = requirementOf(field.astNode?.directives ?? [], names);
      if (!isUnrestricted(fieldRequirement)) own.set(`${type.name}.${field.name}`, fieldRequirement);
    }
  }
  const ownOf = (coordinate: string) => own.get(coordinate) ?? NO_REQUIREMENT;
  const implementations = (typeName: string) => {
    const type = schema.getType(typeName);
    return isInterfaceType(type) ? schema.getPossibleTypes(type) : [];
  };
  const types = new Map<string, Requirement>();
  const fields = new Map<string, Requirement>();
  return {
    isEmpty: own.size === 0,
    usesPolicies: [...own.values()].some((requirement) => requirement.policies.length > 0),
    typeRequirement(typeName) {
      let requirement = types.get(typeName);
      if (requirement === undefined) {
        requirement = implementations(typeName).reduce(
          (all, implementation) => bothRequired(all, ownOf(implementation.name)),
          ownOf(typeName),
        );
        types.set(typeName, requirement);
      }
      return requirement;
    },
    fieldRequirement(typeName, fieldName) {
      const coordinate = `${typeName}.${fieldName}`;
      let requirement = fields.get(coordinate);
      if (requirement === undefined) {
        requirement = implementations(typeName).reduce(
          (all, implementation) => bothRequired(all, ownOf(`${implementation.name}.${fieldName}`)),
          ownOf(coordinate),
        );
        fields.set(coordinate, requirement);
      }
      return requirement;
    },
  };
}

function linkedDirectiveNames(schema: GraphQLSchema): DirectiveNames {
  const names: DirectiveNames = {};
  const definitions = [schema.astNode, ...schema.extensionASTNodes];
  for (const directive of definitions.flatMap((definition) => definition?.directives ?? [])) {
    if (directive.name.value !== 'link') continue;
    const url = argument(directive, 'url');
    const match = typeof url === 'string' ? SPEC_URL.exec(url) : null;
    if (!match) continue;
    const spec = match[1] as Spec;
    const as = argument(directive, 'as');
    names[spec] = importedName(argument(directive, 'import'), spec) ?? (typeof as === 'string' ? as : spec);
  }
  return names;
}

/** The name an `import:` list gives the spec's directive (`"@x"` or `{ name: "@x", as: "@y" }`). */
function importedName(imports: unknown, spec: Spec): string | undefined {
  if (!Array.isArray(imports)) return undefined;
  for (const entry of imports) {
    if (entry === `@${spec}`) return spec;
    const { name, as } = (entry ?? {}) as { name?: unknown; as?: unknown };
    if (name === `@${spec}`) return typeof as === 'string' ? as.replace(/^@/, '') : spec;
  }
  return undefined;
}

function directivesOf(type: GraphQLNamedType): readonly ConstDirectiveNode[] {
  return [type.astNode, ...type.extensionASTNodes].flatMap((node) => node?.directives ?? []);
}

function requirementOf(directives: readonly ConstDirectiveNode[], names: DirectiveNames): Requirement {
  let requirement = NO_REQUIREMENT;
  for (const directive of directives) {
    const name = directive.name.value;
    if (name === names.authenticated) {
      requirement = bothRequired(requirement, { authenticated: true, scopes: [], policies: [] });
    } else if (name === names.requiresScopes) {
      const scopes = alternatives(argument(directive, 'scopes'));
      if (scopes.length > 0) requirement = bothRequired(requirement, { ...NO_REQUIREMENT, scopes: [scopes] });
    } else if (name === names.policy) {
      const policies = alternatives(argument(directive, 'policies'));
      if (policies.length > 0)
        requirement = bothRequired(requirement, { ...NO_REQUIREMENT, policies: [policies] });
    }
  }
  return requirement;
}

/** `[[String!]!]!` as written, with GraphQL's input coercion of a single value into a list. */
function alternatives(value: unknown): Alternatives {
  const outer = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return canonicalAlternatives(
    outer.map((inner) => (Array.isArray(inner) ? inner : [inner]).filter((name) => typeof name === 'string')),
  );
}

function argument(directive: ConstDirectiveNode, name: string): unknown {
  const value = directive.arguments?.find((arg) => arg.name.value === name)?.value;
  return value === undefined ? undefined : valueFromASTUntyped(value);
}
