/**
 * Names of which the client must hold every one of at least one list: `[["a", "b"], ["c"]]` is
 * "a and b, or c" (the argument of `@requiresScopes` and `@policy`).
 */
export type Alternatives = readonly (readonly string[])[];

/** What a client must hold to see one field: every authorization directive that applies to it. */
export interface Requirement {
  /** `@authenticated`: the request carries a valid token. */
  readonly authenticated: boolean;
  /** One entry per `@requiresScopes` that applies; each must be met by the token's scopes. */
  readonly scopes: readonly Alternatives[];
  /** One entry per `@policy` that applies; each must be met by the policies granted. */
  readonly policies: readonly Alternatives[];
}

/** What one request holds. */
export interface Grants {
  readonly authenticated: boolean;
  readonly scopes: ReadonlySet<string>;
  readonly policies: ReadonlySet<string>;
}

/** The requirement of a field no directive applies to. */
export const NO_REQUIREMENT: Requirement = Object.freeze({ authenticated: false, scopes: [], policies: [] });

/** True when nothing is required. */
export function isUnrestricted(requirement: Requirement): boolean {
  return !requirement.authenticated && requirement.scopes.length === 0 && requirement.policies.length === 0;
}

/** Both requirements at once; alternatives already present are not repeated. */
export function bothRequired(left: Requirement, right: Requirement): Requirement {
  if (isUnrestricted(right) || left === right) return left;
  if (isUnrestricted(left)) return right;
  return {
    authenticated: left.authenticated || right.authenticated,
    scopes: mergeAlternatives(left.scopes, right.scopes),
    policies: mergeAlternatives(left.policies, right.policies),
  };
}

/** True when `grants` meet every part of the requirement. */
export function isMet(requirement: Requirement, grants: Grants): boolean {
  if (requirement.authenticated && !grants.authenticated) return false;
  return (
    requirement.scopes.every((alternatives) => anyHeld(alternatives, grants.scopes)) &&
    requirement.policies.every((alternatives) => anyHeld(alternatives, grants.policies))
  );
}

/** Every policy name the requirement mentions. */
export function policyNames(requirement: Requirement): string[] {
  return requirement.policies.flatMap((alternatives) => alternatives.flat());
}

/** Alternatives in a canonical order (names sorted in each list, lists sorted), duplicates removed. */
export function canonicalAlternatives(alternatives: Alternatives): Alternatives {
  const lists = new Map<string, string[]>();
  for (const list of alternatives) {
    const sorted = [...new Set(list)].sort();
    lists.set(JSON.stringify(sorted), sorted);
  }
  return [...lists.keys()].sort().map((key) => lists.get(key) as string[]);
}

// An empty outer list names no alternative at all; like Apollo Router, it restricts nothing.
function anyHeld(alternatives: Alternatives, held: ReadonlySet<string>): boolean {
  return alternatives.length === 0 || alternatives.some((list) => list.every((name) => held.has(name)));
}

function mergeAlternatives(
  left: readonly Alternatives[],
  right: readonly Alternatives[],
): readonly Alternatives[] {
  if (right.length === 0) return left;
  if (left.length === 0) return right;
  const merged = new Map<string, Alternatives>();
  for (const alternatives of [...left, ...right]) merged.set(JSON.stringify(alternatives), alternatives);
  return [...merged.values()];
}
