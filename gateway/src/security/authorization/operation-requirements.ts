import { type GraphQLSchema, getNamedType, isInterfaceType, isObjectType } from 'graphql';
import type {
  NormalizedField,
  NormalizedOperation,
  NormalizedSelection,
} from '../../planner/normalized-operation.js';
import type { AuthorizationRules } from './authorization-rules.js';
import { bothRequired, isUnrestricted, NO_REQUIREMENT, type Requirement } from './requirement.js';

/** A field of the client operation that some authorization directive applies to. */
export interface RequirementSite {
  readonly field: NormalizedField;
  /** Everything the client must hold to see the field. */
  readonly requirement: Requirement;
  /** `Type.field` as selected (the parent as the selection names it). */
  readonly coordinate: string;
  /** Response keys from the root to the field (fragments left out, no list indices). */
  readonly path: readonly string[];
}

/**
 * The fields of an operation that carry a requirement, in document order (so the same operation
 * text always yields the same list). A field requires what its own definition requires, what its
 * type requires (a field returning a type is that type's door: `@authenticated` on `User` guards
 * every field returning `User`), and what the fragments it sits in require (`... on User`); root
 * fields also what the root type requires. `__typename` requires nothing, as in Apollo Router.
 */
export function requirementSites(
  operation: NormalizedOperation,
  apiSchema: GraphQLSchema,
  rules: AuthorizationRules,
): readonly RequirementSite[] {
  const sites: RequirementSite[] = [];
  if (rules.isEmpty) return sites;
  const visit = (
    selections: readonly NormalizedSelection[],
    parentType: string,
    inherited: Requirement,
    path: readonly string[],
  ): void => {
    for (const selection of selections) {
      if (selection.kind === 'InlineFragment') {
        const type = selection.typeCondition ?? parentType;
        const fragment = selection.typeCondition
          ? rules.typeRequirement(selection.typeCondition)
          : NO_REQUIREMENT;
        visit(selection.selections, type, bothRequired(inherited, fragment), path);
        continue;
      }
      if (selection.name === '__typename') continue;
      const parent = apiSchema.getType(parentType);
      const definition =
        isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name] : undefined;
      // Root `__schema`/`__type` have no definition here: introspection is never restricted.
      if (!definition) continue;
      const returnType = getNamedType(definition.type).name;
      const requirement = bothRequired(
        bothRequired(inherited, rules.fieldRequirement(parentType, selection.name)),
        rules.typeRequirement(returnType),
      );
      const fieldPath = [...path, selection.responseKey];
      if (!isUnrestricted(requirement)) {
        sites.push({
          field: selection,
          requirement,
          coordinate: `${parentType}.${selection.name}`,
          path: fieldPath,
        });
      }
      if (selection.selections) visit(selection.selections, returnType, NO_REQUIREMENT, fieldPath);
    }
  };
  visit(operation.selections, operation.rootType, rules.typeRequirement(operation.rootType), []);
  return sites;
}
