import type { IncomingHttpHeaders } from 'node:http';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import { UNAUTHORIZED_FIELD_OR_TYPE } from '../../errors.js';
import type { NormalizedOperation } from '../../planner/normalized-operation.js';
import type { OperationVariant } from '../../planner/query-planner.js';
import type { AuthorizationRules } from './authorization-rules.js';
import { type RequirementSite, requirementSites } from './operation-requirements.js';
import { grantedPolicies, type PolicyHook } from './policy-hook.js';
import { type Grants, isMet, policyNames, type Requirement } from './requirement.js';
import { restrictOperation } from './restrict-operation.js';

/** What a request proved about itself (see `TokenAuthenticator`). */
export interface Identity {
  readonly authenticated: boolean;
  readonly scopes: ReadonlySet<string>;
  /** The verified token's claims, for the policy hook. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** What may run of one operation for one request. */
export type AuthorizationOutcome =
  | { readonly kind: 'allowed' }
  /** Run `variant`: the operation without the fields the request may not see. */
  | { readonly kind: 'restricted'; readonly variant: OperationVariant }
  /** Run nothing (`AUTH_REJECT_UNAUTHORIZED`): one error per field the request may not see. */
  | { readonly kind: 'refused'; readonly errors: readonly GraphQLError[] };

/** How unauthorized fields are dealt with, and who decides `@policy`. */
export interface OperationAuthorizerOptions {
  /** Refuse the whole operation instead of answering its unauthorized fields with null. */
  readonly rejectUnauthorized: boolean;
  /** Grants `@policy` policies; without one every policy is denied. */
  readonly policyHook?: PolicyHook;
  /** Told when the policy hook throws or answers nonsense (its policies are then denied). */
  readonly onPolicyHookFailure: (error: unknown) => void;
}

const ALLOWED: AuthorizationOutcome = Object.freeze({ kind: 'allowed' });

/**
 * Decides, per request, which fields of an operation the client may see. The requirement sites
 * of each normalised operation are found once (the operation is the plan cache's, so they live as
 * long as its plan).
 *
 * How this meets the plan cache: the plan of an operation never depends on who asks. A request
 * that may not see some fields runs a variant of the operation keyed by the positions of those
 * fields among the operation's requirement sites; that variant is planned without them and cached
 * under the operation's key plus that key. Requests denied the same fields share the variant's
 * plan, requests denied other fields get another, and a request denied nothing runs the
 * operation's own plan, so no client's authorization ever shapes what another client receives.
 */
export class OperationAuthorizer {
  private readonly sites = new WeakMap<NormalizedOperation, readonly RequirementSite[]>();
  private readonly policies = new WeakMap<readonly RequirementSite[], readonly string[]>();

  constructor(
    private readonly apiSchema: GraphQLSchema,
    private readonly rules: AuthorizationRules,
    private readonly options: OperationAuthorizerOptions,
  ) {}

  /** The operation's fields that carry a requirement, in document order. */
  sitesOf(operation: NormalizedOperation): readonly RequirementSite[] {
    let sites = this.sites.get(operation);
    if (!sites) {
      sites = requirementSites(operation, this.apiSchema, this.rules);
      this.sites.set(operation, sites);
    }
    return sites;
  }

  /** What `identity` may run of `operation`; asks the policy hook when the operation names policies. */
  async authorize(
    operation: NormalizedOperation,
    identity: Identity,
    headers: IncomingHttpHeaders,
  ): Promise<AuthorizationOutcome> {
    const sites = this.sitesOf(operation);
    if (sites.length === 0) return ALLOWED;
    const policies = await grantedPolicies(
      this.options.policyHook,
      { policies: this.policyNamesOf(sites), claims: identity.claims, headers },
      this.options.onPolicyHookFailure,
    );
    const grants: Grants = { authenticated: identity.authenticated, scopes: identity.scopes, policies };
    const verdicts = new Map<Requirement, boolean>();
    const denied: number[] = [];
    sites.forEach((site, position) => {
      let met = verdicts.get(site.requirement);
      if (met === undefined) {
        met = isMet(site.requirement, grants);
        verdicts.set(site.requirement, met);
      }
      if (!met) denied.push(position);
    });
    if (denied.length === 0) return ALLOWED;
    if (this.options.rejectUnauthorized) {
      return {
        kind: 'refused',
        errors: denied.map((position) => refusal(sites[position] as RequirementSite)),
      };
    }
    return { kind: 'restricted', variant: this.variantWithout(denied) };
  }

  private variantWithout(denied: readonly number[]): OperationVariant {
    return {
      key: `unauthorized:${denied.join(',')}`,
      // By position, not by the field objects seen here: the planner may hand over a fresh
      // normalisation of the same text (its entry evicted meanwhile), whose sites line up the same.
      restrict: (operation) => {
        const sites = this.sitesOf(operation);
        const fields = denied.map((position) => {
          const site = sites[position];
          if (!site) throw new Error(`The operation has no requirement site ${position}.`);
          return site.field;
        });
        return restrictOperation(operation, new Set(fields));
      },
    };
  }

  private policyNamesOf(sites: readonly RequirementSite[]): readonly string[] {
    let names = this.policies.get(sites);
    if (!names) {
      names = [...new Set(sites.flatMap((site) => policyNames(site.requirement)))].sort();
      this.policies.set(sites, names);
    }
    return names;
  }
}

function refusal(site: RequirementSite): GraphQLError {
  return UNAUTHORIZED_FIELD_OR_TYPE.err(
    `Unauthorized field or type: ${site.coordinate} (at ${site.path.join('.')}).`,
    { extensions: { http: { status: 403 } } },
  );
}
