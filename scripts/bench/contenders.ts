import type { WorkloadName } from './workloads.js';

/** Which gateway program a contender runs (`floor`: the node floor, see `node-floor.ts`). */
export type GatewayKind = 'ours' | 'apollo' | 'hive' | 'grafbase' | 'floor';

/** One gateway configuration the benchmark measures. */
export interface Contender {
  /** Name on the command line (`--gateways`, `--env`). */
  readonly id: string;
  /** Name in the report. */
  readonly label: string;
  readonly kind: GatewayKind;
  /** Environment variables set for this contender's process, on top of its kind's. */
  readonly env: Readonly<Record<string, string>>;
  /** The workloads it runs. */
  readonly workloads: readonly WorkloadName[];
  /** Hive Gateway's query planner: its default one, or the Rust one of `@graphql-hive/router-runtime`. */
  readonly hivePlanner?: 'default' | 'rust';
  /** Grafbase's `[traffic_shaping] inflight_deduplication`. */
  readonly inflightDeduplication?: boolean;
  /**
   * A variable this contender exists to toggle: it runs only when our gateway's configuration
   * knows the variable (rejects a bad value for it), so a setting still to come is skipped, not faked.
   */
  readonly toggles?: string;
  /** Ours only: another checkout whose compiled gateway this contender runs (`--baseline`). */
  readonly root?: string;
  /**
   * Peers only: the id of our contender run with the same setting (in-flight sharing off on both,
   * or every core in use), whose ratio to this one the report gives too.
   */
  readonly counterpart?: string;
}

const BOTH: readonly WorkloadName[] = ['catalog', 'gateways-benchmark'];
const PUBLIC: readonly WorkloadName[] = ['gateways-benchmark'];

/** Our gateway's setting for sharing identical in-flight subgraph fetches between requests. */
export const OUR_DEDUPE_SETTING = 'INFLIGHT_DEDUPLICATION';

/** Our gateway's setting for serving from several worker processes. */
export const OUR_WORKERS_SETTING = 'WORKER_PROCESSES';

/** Every contender, in report order: ours first, as the ratios are to it. */
export const CONTENDERS: readonly Contender[] = [
  { id: 'ours', label: 'hexagraph', kind: 'ours', env: {}, workloads: BOTH },
  {
    id: 'ours-dedupe-off',
    label: 'hexagraph dedupe off',
    kind: 'ours',
    env: { [OUR_DEDUPE_SETTING]: 'false' },
    workloads: PUBLIC,
    toggles: OUR_DEDUPE_SETTING,
  },
  {
    // Not a shipped default (one process is, see the README): every core, at a heap per worker.
    // Under --pin the gateway's process tree has one core, so `auto` is one worker.
    id: 'ours-workers',
    label: 'hexagraph worker per core',
    kind: 'ours',
    env: { [OUR_WORKERS_SETTING]: 'auto' },
    workloads: PUBLIC,
    toggles: OUR_WORKERS_SETTING,
  },
  { id: 'apollo', label: '@apollo/gateway', kind: 'apollo', env: {}, workloads: BOTH },
  { id: 'hive', label: 'hive gateway', kind: 'hive', env: {}, workloads: PUBLIC, hivePlanner: 'default' },
  {
    id: 'hive-rust',
    label: 'hive gateway rust qp',
    kind: 'hive',
    env: {},
    workloads: PUBLIC,
    hivePlanner: 'rust',
  },
  {
    id: 'grafbase',
    label: 'grafbase',
    kind: 'grafbase',
    env: {},
    workloads: PUBLIC,
    inflightDeduplication: true,
    // Grafbase runs a thread per core: so does ours with a worker process per core.
    counterpart: 'ours-workers',
  },
  {
    id: 'grafbase-dedupe-off',
    label: 'grafbase dedupe off',
    kind: 'grafbase',
    env: {},
    workloads: PUBLIC,
    inflightDeduplication: false,
    counterpart: 'ours-dedupe-off',
  },
  {
    // Not a gateway: the heavy query's plan written by hand, the least work a Node.js program does
    // for it. It shares nothing, so ours with sharing off is divided into it too.
    id: 'node-floor',
    label: 'node floor',
    kind: 'floor',
    env: {},
    workloads: PUBLIC,
    counterpart: 'ours-dedupe-off',
  },
];

/**
 * The contenders named by `--gateways` (all when empty), in report order, with the `--env`
 * overrides (`id:NAME=value`) applied. Throws an Error naming an unknown id or a malformed
 * override. `ours` is always kept, since every ratio is to it.
 */
export function selectContenders(ids: readonly string[], overrides: readonly string[] = []): Contender[] {
  const known = CONTENDERS.map((contender) => contender.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new Error(`--gateways: unknown ${unknown.join(', ')}; known: ${known.join(', ')}`);
  }
  const extra = new Map<string, Record<string, string>>();
  for (const override of overrides) {
    const match = /^([\w-]+):([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(override);
    if (!match)
      throw new Error(`--env: expected id:NAME=value (e.g. ours:PLAN_CACHE_SIZE=10), got "${override}"`);
    const [, id = '', name = '', value = ''] = match;
    if (!known.includes(id))
      throw new Error(`--env ${override}: unknown gateway "${id}"; known: ${known.join(', ')}`);
    extra.set(id, { ...extra.get(id), [name]: value });
  }
  return CONTENDERS.filter(
    (contender) => ids.length === 0 || contender.id === 'ours' || ids.includes(contender.id),
  ).map((contender) => ({ ...contender, env: { ...contender.env, ...extra.get(contender.id) } }));
}

/**
 * Our gateway as built in another checkout (`--baseline DIR`), beside each of our contenders
 * selected, with the same settings: a change measured against the code before it, in one run.
 */
export function baselineContenders(selected: readonly Contender[], root: string): Contender[] {
  return selected
    .filter((contender) => contender.kind === 'ours' && contender.root === undefined)
    .map((contender) => ({
      ...contender,
      id: `baseline-${contender.id}`,
      label: `baseline${contender.label.slice('hexagraph'.length)}`,
      root,
    }));
}
