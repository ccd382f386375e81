import { describe, expect, it } from 'vitest';
import {
  bothRequired,
  canonicalAlternatives,
  type Grants,
  isMet,
  isUnrestricted,
  NO_REQUIREMENT,
  policyNames,
  type Requirement,
} from '../../../../../gateway/src/security/authorization/requirement.js';

const grants = (scopes: string[], options: Partial<Omit<Grants, 'scopes'>> = {}): Grants => ({
  authenticated: options.authenticated ?? true,
  scopes: new Set(scopes),
  policies: options.policies ?? new Set(),
});

const scopes = (...alternatives: string[][]): Requirement => ({ ...NO_REQUIREMENT, scopes: [alternatives] });

describe('requirements', () => {
  it('read @requiresScopes as an OR of ANDs', () => {
    const requirement = scopes(['read:email', 'read:invoices'], ['admin']);
    expect(isMet(requirement, grants(['read:email', 'read:invoices']))).toBe(true);
    expect(isMet(requirement, grants(['admin']))).toBe(true);
    expect(isMet(requirement, grants(['read:email']))).toBe(false);
    expect(isMet(requirement, grants([]))).toBe(false);
  });

  it('require every directive that applies at once', () => {
    const requirement = bothRequired(bothRequired(scopes(['a']), scopes(['b'], ['c'])), {
      ...NO_REQUIREMENT,
      authenticated: true,
      policies: [[['owner']]],
    });
    expect(isMet(requirement, grants(['a', 'c'], { policies: new Set(['owner']) }))).toBe(true);
    expect(isMet(requirement, grants(['a', 'c']))).toBe(false);
    expect(isMet(requirement, grants(['a'], { policies: new Set(['owner']) }))).toBe(false);
    expect(
      isMet(requirement, grants(['a', 'b'], { authenticated: false, policies: new Set(['owner']) })),
    ).toBe(false);
    expect(policyNames(requirement)).toEqual(['owner']);
  });

  it('restrict nothing with an empty list of alternatives, and nothing more with an empty one', () => {
    expect(isMet({ ...NO_REQUIREMENT, scopes: [[]] }, grants([], { authenticated: false }))).toBe(true);
    expect(isMet(scopes([]), grants([], { authenticated: false }))).toBe(true);
    expect(isUnrestricted(NO_REQUIREMENT)).toBe(true);
    expect(isUnrestricted(scopes(['a']))).toBe(false);
  });

  it('keep one copy of alternatives required twice, in a canonical order', () => {
    expect(canonicalAlternatives([['b', 'a', 'a'], ['c'], ['a', 'b']])).toEqual([['a', 'b'], ['c']]);
    const twice = bothRequired(scopes(['a']), scopes(['a']));
    expect(twice.scopes).toEqual([[['a']]]);
    expect(bothRequired(NO_REQUIREMENT, twice)).toBe(twice);
  });
});
