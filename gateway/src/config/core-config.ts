import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { ConfigError, env } from '../../../platform/config.js';
import { SHUTDOWN_ENV } from '../../../platform/shutdown.js';
import { repositoryPath } from './repository-path.js';
import { subgraphToken } from './subgraph-token.js';

const URL_OVERRIDE_PREFIX = 'SUBGRAPH_URL_';

/** Where the supergraph comes from: a file, or the subgraphs' own SDLs composed at start-up. */
export type SupergraphSource =
  | { kind: 'file'; path: string }
  | { kind: 'subgraphs'; subgraphs: { name: string; url: string }[]; timeoutMs: number };

/** What the gateway serves, where, and for whom. */
export interface CoreConfig {
  port: number;
  host: string;
  /**
   * Where `/metrics` and the detailed `/readyz` are served apart from clients; absent: on the
   * client port (the client port then keeps them, and `/readyz` there says more than ready or not).
   */
  admin?: { port: number; host: string };
  supergraph: SupergraphSource;
  /**
   * Subgraph URLs replacing the supergraph's `@join__graph(url:)`, keyed by subgraph name or its
   * token (`SUBGRAPH_URL_PRICE_SVC` is kept as `PRICE_SVC` and overrides `price-svc`).
   */
  subgraphUrlOverrides: Record<string, string>;
  /** Most query plans cached. */
  planCacheSize: number;
  /** Most planner steps (fields routed, requirements and keys included) for one operation. */
  maxPlanningSteps: number;
  /**
   * Operations executing at once: the limit adapts between `min` and `max` to the event loop
   * (see `ExecutionGate`); more wait their turn.
   */
  executionConcurrency: { min: number; max: number };
  /**
   * Share (percent, 0-100) of requests that enable each progressive override label
   * (`@override(label:)`); a `percent(N)` label not listed is enabled for N%, any other never.
   */
  overrideLabelShares: Record<string, number>;
  /** Allowed CORS origins besides Apollo Sandbox's (`*` for any). */
  corsOrigins: string[];
  /** `production` hardens the security defaults (see the security section). */
  nodeEnv: 'development' | 'production' | 'test';
  /** How long requests in flight get after SIGTERM/SIGINT before they are cut. */
  shutdownGraceMs: number;
  /**
   * Gateway processes serving the ports together (WORKER_PROCESSES): 1 serves in this process;
   * more fork that many workers, each a whole gateway, see `superviseWorkers`.
   */
  workerProcesses: number;
}

/** The core variables with their defaults. */
export const coreEnvShape = {
  PORT: env.port(4000),
  HOST: z.string().min(1, 'must not be empty').default('0.0.0.0'),
  ADMIN_PORT: z.string().optional(),
  ADMIN_HOST: z.string().min(1, 'must not be empty').optional(),
  SUPERGRAPH_PATH: z.string().min(1, 'must not be empty').optional(),
  SUBGRAPH_URLS: z.string().optional(),
  SUBGRAPH_SDL_TIMEOUT_MS: env.positiveInt(5_000),
  PLAN_CACHE_SIZE: env.positiveInt(1_000),
  MAX_PLANNING_STEPS: env.positiveInt(2_000),
  EXECUTION_CONCURRENCY_MIN: env.positiveInt(16),
  EXECUTION_CONCURRENCY_MAX: env.positiveInt(1_000),
  OVERRIDE_LABEL_SHARES: z.string().default(''),
  CORS_ORIGINS: z.string().default(''),
  WORKER_PROCESSES: z.string().default('1'),
  NODE_ENV: env.nodeEnv(),
  ...SHUTDOWN_ENV,
};

/** What `parseEnv(coreEnvShape)` returns. */
export type CoreEnv = z.infer<z.ZodObject<typeof coreEnvShape>>;

/**
 * The core section from parsed variables, plus the `SUBGRAPH_URL_<NAME>` overrides found in
 * `environment`. Adds a line to `issues` for each bad `SUBGRAPH_URLS` entry, URL override or
 * CORS origin.
 */
export function coreConfigFrom(
  parsed: CoreEnv,
  environment: Record<string, string | undefined>,
  issues: string[],
): CoreConfig {
  const supergraph = supergraphSource(parsed, issues);
  const subgraphUrlOverrides = urlOverrides(environment, issues);
  const corsOrigins = parsed.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !isUrl(origin)) issues.push(`CORS_ORIGINS: "${origin}" is not an origin URL`);
  }
  const admin = adminAddress(parsed, issues);
  if (parsed.EXECUTION_CONCURRENCY_MIN > parsed.EXECUTION_CONCURRENCY_MAX) {
    issues.push(
      `EXECUTION_CONCURRENCY_MIN: ${parsed.EXECUTION_CONCURRENCY_MIN} is above EXECUTION_CONCURRENCY_MAX (${parsed.EXECUTION_CONCURRENCY_MAX})`,
    );
  }
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    ...(admin && { admin }),
    supergraph,
    subgraphUrlOverrides,
    planCacheSize: parsed.PLAN_CACHE_SIZE,
    maxPlanningSteps: parsed.MAX_PLANNING_STEPS,
    executionConcurrency: { min: parsed.EXECUTION_CONCURRENCY_MIN, max: parsed.EXECUTION_CONCURRENCY_MAX },
    overrideLabelShares: overrideLabelShares(parsed.OVERRIDE_LABEL_SHARES, issues),
    corsOrigins,
    nodeEnv: parsed.NODE_ENV,
    shutdownGraceMs: parsed.SHUTDOWN_GRACE_MS,
    workerProcesses: workerProcesses(parsed.WORKER_PROCESSES, issues),
  };
}

/** Most worker processes: a typo such as 40 for 4 must not fork a machine to its knees. */
export const MAX_WORKER_PROCESSES = 64;

/** WORKER_PROCESSES: a count from 1 to MAX_WORKER_PROCESSES, or `auto` for one per CPU the process may use. */
function workerProcesses(value: string, issues: string[]): number {
  const raw = value.trim().toLowerCase();
  if (raw === 'auto') return Math.min(availableParallelism(), MAX_WORKER_PROCESSES);
  const count = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (count >= 1 && count <= MAX_WORKER_PROCESSES) return count;
  issues.push(
    `WORKER_PROCESSES: "${value}" is neither a count from 1 to ${MAX_WORKER_PROCESSES} nor auto (one per CPU)`,
  );
  return 1;
}

/**
 * Subgraph name -> URL for the URL overrides, matching each key's token against the supergraph's
 * subgraph names. An override naming no subgraph is a ConfigError: a typo would otherwise
 * silently keep the old URL.
 */
export function resolveUrlOverrides(
  overrides: Readonly<Record<string, string>>,
  subgraphNames: readonly string[],
): Record<string, string> {
  const resolved: Record<string, string> = {};
  const issues: string[] = [];
  for (const [key, url] of Object.entries(overrides)) {
    const token = subgraphToken(key);
    const name = subgraphNames.find((candidate) => subgraphToken(candidate) === token);
    if (name === undefined) {
      issues.push(
        `${URL_OVERRIDE_PREFIX}${token}: the supergraph has no such subgraph (it has ${subgraphNames.join(', ')})`,
      );
    } else {
      resolved[name] = url;
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return resolved;
}

/** The admin port a production gateway listens on unless ADMIN_PORT says otherwise. */
export const DEFAULT_ADMIN_PORT = 9400;

/**
 * The admin listener: ADMIN_PORT (a port, `0` for any free one, `off` for none), by default
 * DEFAULT_ADMIN_PORT in production (any free port when PORT is 0) and none elsewhere; on
 * ADMIN_HOST, by default HOST.
 */
function adminAddress(parsed: CoreEnv, issues: string[]): CoreConfig['admin'] {
  const raw = parsed.ADMIN_PORT?.trim().toLowerCase();
  let port: number;
  if (raw === undefined || raw === '') {
    if (parsed.NODE_ENV !== 'production') return undefined;
    // A gateway on any free port (PORT=0) takes any free admin port too: two never collide.
    port = parsed.PORT === 0 ? 0 : DEFAULT_ADMIN_PORT;
  } else if (raw === 'off') {
    return undefined;
  } else if (/^\d{1,5}$/.test(raw) && Number(raw) <= 65_535) {
    port = Number(raw);
  } else {
    issues.push(`ADMIN_PORT: "${parsed.ADMIN_PORT}" is neither a port (0-65535) nor off`);
    return undefined;
  }
  if (port !== 0 && port === parsed.PORT) {
    issues.push(
      `ADMIN_PORT: ${port} is also PORT; give the admin listener a port of its own, or set it to off`,
    );
    return undefined;
  }
  return { port, host: parsed.ADMIN_HOST ?? parsed.HOST };
}

function supergraphSource(parsed: CoreEnv, issues: string[]): SupergraphSource {
  if (parsed.SUBGRAPH_URLS === undefined || parsed.SUBGRAPH_URLS.trim() === '') {
    return { kind: 'file', path: parsed.SUPERGRAPH_PATH ?? repositoryPath('schema', 'supergraph.graphql') };
  }
  if (parsed.SUPERGRAPH_PATH !== undefined) {
    issues.push('SUBGRAPH_URLS: set either SUBGRAPH_URLS or SUPERGRAPH_PATH, not both');
  }
  const subgraphs: { name: string; url: string }[] = [];
  for (const entry of parsed.SUBGRAPH_URLS.split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const separator = trimmed.indexOf('=');
    const name = trimmed.slice(0, separator).trim();
    const url = trimmed.slice(separator + 1).trim();
    if (separator <= 0 || !/^[A-Za-z_][\w-]*$/.test(name) || !isUrl(url)) {
      issues.push(`SUBGRAPH_URLS: "${trimmed}" is not name=url (e.g. product=http://localhost:4001/graphql)`);
    } else if (subgraphs.some((subgraph) => subgraph.name === name)) {
      issues.push(`SUBGRAPH_URLS: subgraph "${name}" is listed twice`);
    } else {
      subgraphs.push({ name, url });
    }
  }
  if (subgraphs.length === 0) issues.push('SUBGRAPH_URLS: lists no subgraph');
  return { kind: 'subgraphs', subgraphs, timeoutMs: parsed.SUBGRAPH_SDL_TIMEOUT_MS };
}

/** `label=percent,…` (`percent(30)=50,beta=100`), each share from 0 to 100. */
function overrideLabelShares(value: string, issues: string[]): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const entry of value.split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const separator = trimmed.lastIndexOf('=');
    const label = trimmed.slice(0, separator).trim();
    const share = Number(trimmed.slice(separator + 1).trim());
    if (separator <= 0 || trimmed.slice(separator + 1).trim() === '' || !Number.isFinite(share)) {
      issues.push(`OVERRIDE_LABEL_SHARES: "${trimmed}" is not label=percent (e.g. percent(25)=50)`);
    } else if (share < 0 || share > 100) {
      issues.push(`OVERRIDE_LABEL_SHARES: the share of "${label}" must be from 0 to 100 (got ${share})`);
    } else if (Object.hasOwn(shares, label)) {
      issues.push(`OVERRIDE_LABEL_SHARES: label "${label}" is listed twice`);
    } else {
      shares[label] = share;
    }
  }
  return shares;
}

function urlOverrides(
  environment: Record<string, string | undefined>,
  issues: string[],
): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [variable, value] of Object.entries(environment)) {
    if (!variable.startsWith(URL_OVERRIDE_PREFIX) || value === undefined) continue;
    const token = variable.slice(URL_OVERRIDE_PREFIX.length);
    if (token === '') continue;
    if (!isUrl(value)) issues.push(`${variable}: must be a URL (got ${JSON.stringify(value)})`);
    else overrides[token] = value;
  }
  return overrides;
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
