import type { IncomingHttpHeaders } from 'node:http';
import { printQueryPlan } from '../planner/print-query-plan.js';
import type { QueryPlan } from '../planner/query-plan.js';
import { toApolloQueryPlan } from './apollo-query-plan.js';

/**
 * When a response carries its query plan: never; when the client asks with Apollo's headers
 * (`on-request`); or always, on every response, as a debugging aid (`always`, which also answers
 * the headers).
 */
export type QueryPlanExposure = 'never' | 'on-request' | 'always';

/** Apollo Router's header: `true` returns the plan with the response, `dry-run` instead of it. */
export const EXPOSE_QUERY_PLAN_HEADER = 'apollo-expose-query-plan';
/** `@apollo/gateway`'s legacy header (Apollo Sandbox sends it): any value asks for the plan. */
export const QUERY_PLAN_EXPERIMENTAL_HEADER = 'apollo-query-plan-experimental';
/** Its companion: `prettified` (the default) for text, `internal` for the plan object. */
export const QUERY_PLAN_EXPERIMENTAL_FORMAT_HEADER = 'apollo-query-plan-experimental-format';

/** What one request asked to see of its plan. */
export interface PlanAsk {
  /** Apollo Router's protocol: the plan beside the response, or instead of executing it. */
  readonly expose?: 'true' | 'dry-run';
  /** `@apollo/gateway`'s protocol, with the format asked for (any other value answers `true`). */
  readonly experimental?: string;
}

/**
 * Reads the plan headers of a request, as Apollo's gateways do: Apollo Router answers only the
 * exact values `true` and `dry-run`; `@apollo/gateway` answers any non-empty value. Nothing is
 * asked when exposure is `never`.
 */
export function planAskFrom(headers: IncomingHttpHeaders, exposure: QueryPlanExposure): PlanAsk {
  if (exposure === 'never') return {};
  const expose = single(headers[EXPOSE_QUERY_PLAN_HEADER]);
  const experimental = single(headers[QUERY_PLAN_EXPERIMENTAL_HEADER]);
  return {
    ...((expose === 'true' || expose === 'dry-run') && { expose }),
    ...(experimental && {
      experimental: single(headers[QUERY_PLAN_EXPERIMENTAL_FORMAT_HEADER]) ?? 'prettified',
    }),
  };
}

/**
 * The plan extensions of a response: `apolloQueryPlan` (`{ object, text }`, Apollo Router's
 * format), `__queryPlanExperimental` (text, the plan object for `internal`, `true` for another
 * format, as `@apollo/gateway` 2.14 answers), and with `always` our own `queryPlan` and
 * `queryPlanText`. Undefined when nothing is to be shown.
 */
export function planExtensions(
  plan: QueryPlan,
  ask: PlanAsk,
  exposure: QueryPlanExposure,
): Record<string, unknown> | undefined {
  if (exposure === 'never') return undefined;
  const extensions: Record<string, unknown> = {};
  let text: string | undefined;
  const printed = () => {
    text ??= printQueryPlan(plan);
    return text;
  };
  if (ask.expose) extensions.apolloQueryPlan = { object: toApolloQueryPlan(plan), text: printed() };
  if (ask.experimental !== undefined)
    extensions.__queryPlanExperimental = experimentalPlan(plan, ask, printed);
  if (exposure === 'always') {
    extensions.queryPlan = plan;
    extensions.queryPlanText = printed();
  }
  return Object.keys(extensions).length > 0 ? extensions : undefined;
}

function experimentalPlan(plan: QueryPlan, ask: PlanAsk, printed: () => string): unknown {
  switch (ask.experimental) {
    // @apollo/gateway prints nothing for a plan without fetches and answers `true` instead.
    case 'prettified':
      return plan.node ? printed() : true;
    case 'internal':
      return plan;
    default:
      return true;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === '' ? undefined : first;
}
