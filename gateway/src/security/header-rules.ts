import { z } from 'zod';
import { ConfigError } from '../../../platform/config.js';

/** What one subgraph (or every subgraph, under `all`) receives from the client's headers. */
export interface SubgraphHeaderRule {
  /** Client headers forwarded under their own name. */
  allow: readonly string[];
  /** Client headers forwarded under another name: `{ "x-tenant": "x-tenant-id" }`. */
  rename: Readonly<Record<string, string>>;
  /** Fixed headers sent whatever the client sent. */
  set: Readonly<Record<string, string>>;
}

/** Header propagation: `all` applies to every subgraph, then the subgraph's own rule on top. */
export interface HeaderRules {
  all: SubgraphHeaderRule;
  subgraphs: Readonly<Record<string, SubgraphHeaderRule>>;
}

/** Headers the gateway sets itself on every subgraph call; a client's values are never forwarded. */
export const GATEWAY_OWN_HEADERS: readonly string[] = [
  'traceparent',
  'tracestate',
  'x-request-id',
  'x-request-budget-ms',
];

/**
 * Headers that describe one connection or one message body (RFC 9110 section 7.6.1, plus what the
 * HTTP client sets itself): forwarding them would corrupt or smuggle the subgraph request.
 */
export const NEVER_FORWARDED_HEADERS: readonly string[] = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'content-type',
  'content-encoding',
  'accept-encoding',
  'expect',
  'http2-settings',
];

/** No rules: nothing from the client is forwarded. */
export const noHeaderRules: HeaderRules = Object.freeze({
  all: { allow: [], rename: {}, set: {} },
  subgraphs: {},
});

/** A client's request headers: node:http's `IncomingHttpHeaders` or Apollo Server's `HeaderMap`. */
export type ClientHeaders =
  | Readonly<Record<string, string | string[] | undefined>>
  | ReadonlyMap<string, string>;

/**
 * The headers of one call to `subgraphName`: the client headers its rules allow (renamed where a
 * rule says so), then the rules' fixed values, then the gateway's `own` headers, which always win.
 * Headers the client's `Connection` header names, hop-by-hop and transport headers, and anything not
 * allowed are dropped. Several values of one header are joined with ", ".
 */
export function buildSubgraphHeaders(
  rules: HeaderRules,
  subgraphName: string,
  clientHeaders: ClientHeaders,
  own: Readonly<Record<string, string>>,
): Record<string, string> {
  const read = headerReader(clientHeaders);
  const connectionScoped = new Set(
    (read('connection') ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const forwardable = (name: string) =>
    !connectionScoped.has(name) &&
    !NEVER_FORWARDED_HEADERS.includes(name) &&
    !GATEWAY_OWN_HEADERS.includes(name);
  const headers: Record<string, string> = {};
  const subgraphRule = Object.hasOwn(rules.subgraphs, subgraphName)
    ? rules.subgraphs[subgraphName]
    : undefined;
  for (const rule of [rules.all, subgraphRule]) {
    if (!rule) continue;
    for (const name of rule.allow) {
      const value = forwardable(name) ? read(name) : undefined;
      if (value !== undefined) headers[name] = value;
    }
    for (const [from, to] of Object.entries(rule.rename)) {
      const value = forwardable(from) ? read(from) : undefined;
      if (value !== undefined) headers[to] = value;
    }
    Object.assign(headers, rule.set);
  }
  for (const [name, value] of Object.entries(own)) headers[name.toLowerCase()] = value;
  return headers;
}

function headerReader(headers: ClientHeaders): (name: string) => string | undefined {
  if (headers instanceof Map) return (name) => headers.get(name);
  const record = headers as Readonly<Record<string, string | string[] | undefined>>;
  return (name) => {
    const value = Object.hasOwn(record, name) ? record[name] : undefined;
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const headerName = z
  .string()
  .regex(TOKEN, "must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)")
  .transform((name) => name.toLowerCase())
  .refine((name) => !NEVER_FORWARDED_HEADERS.includes(name), {
    message: 'is a hop-by-hop or transport header, which is never forwarded',
  })
  .refine((name) => !GATEWAY_OWN_HEADERS.includes(name), {
    message: 'is set by the gateway itself on every call and cannot be configured',
  });

const headerValue = z
  .string()
  .regex(/^[\t\x20-\x7e\x80-\xff]*$/, 'must be a header value without line breaks or control characters');

const subgraphRuleSchema = z.strictObject({
  allow: z.array(headerName).default([]),
  rename: z.record(z.string(), headerName).default({}),
  set: z.record(z.string(), headerValue).default({}),
});

const headerRulesSchema = z.strictObject({
  all: subgraphRuleSchema.default({ allow: [], rename: {}, set: {} }),
  subgraphs: z.record(z.string(), subgraphRuleSchema).default({}),
});

/**
 * Parses header rules from JSON, e.g.
 * `{"all":{"allow":["accept-language"]},"subgraphs":{"product":{"allow":["authorization"],
 * "rename":{"x-tenant":"x-tenant-id"},"set":{"x-gateway":"hexagraph"}}}}`. Unset or blank means no
 * rules. Throws a ConfigError naming each bad path, e.g. `HEADER_RULES.subgraphs.product.allow[0]`.
 */
export function parseHeaderRules(json: string | undefined, variable = 'HEADER_RULES'): HeaderRules {
  if (json === undefined || json.trim() === '') return noHeaderRules;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new ConfigError([`${variable}: must be JSON (${(error as Error).message})`]);
  }
  const result = headerRulesSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${variable}${pathText(issue.path)}: ${issue.message}`),
    );
  }
  const rules = result.data;
  for (const rule of [rules.all, ...Object.values(rules.subgraphs)]) {
    rule.rename = Object.fromEntries(
      Object.entries(rule.rename).map(([from, to]) => [from.toLowerCase(), to]),
    );
    rule.set = Object.fromEntries(
      Object.entries(rule.set).map(([name, value]) => [name.toLowerCase(), value]),
    );
  }
  const badKeys = keyProblems(rules);
  if (badKeys.length > 0) throw new ConfigError(badKeys.map((problem) => `${variable}${problem}`));
  return rules;
}

/** Record keys are header names too; zod checks only their values, so they are checked here. */
function keyProblems(rules: HeaderRules): string[] {
  const problems: string[] = [];
  const entries: [string, SubgraphHeaderRule][] = [
    ['.all', rules.all],
    ...Object.entries(rules.subgraphs).map(([name, rule]): [string, SubgraphHeaderRule] => [
      `.subgraphs${pathText([name])}`,
      rule,
    ]),
  ];
  for (const [at, rule] of entries) {
    for (const key of [...Object.keys(rule.rename), ...Object.keys(rule.set)]) {
      const section = Object.hasOwn(rule.rename, key) ? 'rename' : 'set';
      const checked = headerName.safeParse(key);
      if (!checked.success)
        problems.push(`${at}.${section}${pathText([key])}: ${checked.error.issues[0]?.message}`);
    }
  }
  return problems;
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((segment) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : /^[A-Za-z_][\w-]*$/.test(String(segment))
          ? `.${String(segment)}`
          : `[${JSON.stringify(String(segment))}]`,
    )
    .join('');
}

/**
 * Refuses rules that name a subgraph the supergraph does not have (a typo would silently forward
 * nothing); call it once the supergraph is known.
 */
export function checkHeaderRulesSubgraphs(
  rules: HeaderRules,
  subgraphNames: readonly string[],
  variable = 'HEADER_RULES',
): void {
  const unknown = Object.keys(rules.subgraphs).filter((name) => !subgraphNames.includes(name));
  if (unknown.length === 0) return;
  throw new ConfigError(
    unknown.map(
      (name) =>
        `${variable}.subgraphs${pathText([name])}: no such subgraph (the supergraph has ${subgraphNames.join(', ')})`,
    ),
  );
}

/** An env-var schema for `HEADER_RULES`, for a `parseEnv` shape: JSON in, HeaderRules out. */
export function headerRulesEnv() {
  return z
    .string()
    .optional()
    .transform((json, context) => {
      try {
        return parseHeaderRules(json, '');
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        for (const issue of error.issues)
          context.addIssue({ code: 'custom', message: issue.replace(/^\./, '') });
        return z.NEVER;
      }
    });
}
