import type { FetchGroup } from './fetch-group.js';
import type { Condition } from './normalized-operation.js';
import type { FetchNode, PlanNode } from './query-plan.js';

/**
 * Last planner pass: arranges fetch groups into waves. A group's wave is one past the latest wave
 * of the groups it reads from (the one it was reached from and every provider of its `@requires`
 * fields), so the plan is as short as its longest chain of dependent fetches. All entity fetches
 * of one wave to the same subgraph become one Batch node, sent as one request: a subgraph is
 * asked at most once per wave. An entity fetch that would be its subgraph's only request in its
 * wave moves to a later wave that asks that subgraph anyway, when everything reading from it
 * still comes after it: one request fewer, no wave more. Root mutation fetches (and everything
 * below each) run strictly one after the other, each with waves of its own.
 */
export function buildPlanWaves(
  groups: readonly FetchGroup[],
  fetches: ReadonlyMap<FetchGroup, FetchNode>,
  operationKind: 'query' | 'mutation',
): PlanNode | undefined {
  if (groups.length === 0) return undefined;
  const placement = new WavePlacement(operationKind);
  for (const group of groups) placement.of(group);
  placement.deferIntoSharedRequests(groups);
  const segments: FetchGroup[][][] = [];
  for (const group of groups) {
    const { segment, wave } = placement.of(group);
    const waves = segments[segment] ?? [];
    segments[segment] = waves;
    const members = waves[wave] ?? [];
    waves[wave] = members;
    members.push(group);
  }
  const node = (group: FetchGroup): PlanNode => {
    const fetch = fetches.get(group) as FetchNode;
    const own: PlanNode = group.kind === 'root' ? fetch : { kind: 'Flatten', path: group.path, node: fetch };
    return withConditions(own, placement.conditionsOf(group));
  };
  return sequence(
    segments
      .filter((waves) => waves !== undefined)
      .flatMap((waves) =>
        waves.filter((wave) => wave !== undefined).map((wave) => parallel(bySubgraph(wave, node))),
      ),
  );
}

/** Where each group runs: its segment (one per root mutation fetch; one for a query) and its wave there. */
class WavePlacement {
  private readonly placed = new Map<FetchGroup, { segment: number; wave: number }>();
  private readonly conditions = new Map<FetchGroup, readonly Condition[]>();
  private roots = 0;

  constructor(private readonly operationKind: 'query' | 'mutation') {}

  of(group: FetchGroup): { segment: number; wave: number } {
    const known = this.placed.get(group);
    if (known) return known;
    let placement: { segment: number; wave: number };
    if (group.kind === 'root') {
      placement = { segment: this.operationKind === 'mutation' ? this.roots++ : 0, wave: 0 };
    } else {
      const inputs = inputsOf(group).map((input) => this.of(input));
      const segment = Math.max(0, ...inputs.map((input) => input.segment));
      const wave = Math.max(-1, ...inputs.filter((input) => input.segment === segment).map((i) => i.wave));
      placement = { segment, wave: wave + 1 };
    }
    this.placed.set(group, placement);
    return placement;
  }

  /**
   * Moves the entity fetches of one subgraph in one wave (one request) to a later wave where that
   * subgraph is asked anyway, latest waves first (so readers have found their final wave before
   * the fetches they read from move). They may move up to the wave before their earliest reader
   * (in their segment), or to the segment's last wave.
   */
  deferIntoSharedRequests(groups: readonly FetchGroup[]): void {
    const readers = new Map<FetchGroup, FetchGroup[]>();
    for (const group of groups) {
      for (const input of inputsOf(group)) {
        const list = readers.get(input) ?? [];
        list.push(group);
        readers.set(input, list);
      }
    }
    const lastWave = new Map<number, number>();
    for (const group of groups) {
      const { segment, wave } = this.of(group);
      lastWave.set(segment, Math.max(wave, lastWave.get(segment) ?? 0));
    }
    const requests = new Map<string, FetchGroup[]>();
    const requestKey = (group: FetchGroup) => {
      const { segment, wave } = this.of(group);
      return `${segment}|${wave}|${group.subgraph}`;
    };
    for (const group of groups) {
      if (group.kind === 'root') continue;
      const key = requestKey(group);
      requests.set(key, [...(requests.get(key) ?? []), group]);
    }
    const latestFirst = [...requests.values()].sort(
      (a, b) => this.of(b[0] as FetchGroup).wave - this.of(a[0] as FetchGroup).wave,
    );
    for (const members of latestFirst) {
      const first = members[0] as FetchGroup;
      const { segment, wave } = this.of(first);
      const latest = Math.min(
        lastWave.get(segment) ?? wave,
        ...members.flatMap((member) =>
          (readers.get(member) ?? [])
            .filter((reader) => this.of(reader).segment === segment)
            .map((reader) => this.of(reader).wave - 1),
        ),
      );
      for (let later = wave + 1; later <= latest; later += 1) {
        const target = requests.get(`${segment}|${later}|${first.subgraph}`);
        if (!target || target.length === 0) continue;
        for (const member of members) this.placed.set(member, { segment, wave: later });
        target.push(...members.splice(0, members.length));
        break;
      }
    }
  }

  /**
   * The conditions under which a group runs: its own, and those of every group it reads from (a
   * fetch below a skipped one has nothing to read, as it would be nested under it in a tree).
   */
  conditionsOf(group: FetchGroup): readonly Condition[] {
    const known = this.conditions.get(group);
    if (known) return known;
    const all = [...inputsOf(group).flatMap((input) => this.conditionsOf(input)), ...group.conditions];
    const unique = all.filter(
      (condition, index) =>
        all.findIndex(
          (other) => other.variable === condition.variable && other.include === condition.include,
        ) === index,
    );
    this.conditions.set(group, unique);
    return unique;
  }
}

/**
 * The groups whose data a group reads: the one it was reached from, and its `@requires` providers
 * (of its own plan part: an earlier part's data is there before the part starts).
 */
function inputsOf(group: FetchGroup): FetchGroup[] {
  const inputs = [...(group.parent ? [group.parent] : []), ...group.dependsOn];
  return group.part === 0 ? inputs : inputs.filter((input) => input.part === group.part);
}

/** One node per subgraph: its only fetch, or a Batch of its entity fetches (root fetches stay apart). */
function bySubgraph(wave: readonly FetchGroup[], node: (group: FetchGroup) => PlanNode): PlanNode[] {
  const buckets = new Map<string, FetchGroup[]>();
  const nodes: (PlanNode | FetchGroup[])[] = [];
  for (const group of wave) {
    if (group.kind === 'root') {
      nodes.push(node(group));
      continue;
    }
    let bucket = buckets.get(group.subgraph);
    if (!bucket) {
      bucket = [];
      buckets.set(group.subgraph, bucket);
      nodes.push(bucket);
    }
    bucket.push(group);
  }
  return nodes.map((entry) => {
    if (!Array.isArray(entry)) return entry;
    if (entry.length === 1) return node(entry[0] as FetchGroup);
    return { kind: 'Batch', serviceName: (entry[0] as FetchGroup).subgraph, nodes: entry.map(node) };
  });
}

function withConditions(node: PlanNode, conditions: readonly Condition[]): PlanNode {
  let wrapped = node;
  for (const condition of [...conditions].reverse()) {
    wrapped = condition.include
      ? { kind: 'Condition', condition: condition.variable, ifClause: wrapped }
      : { kind: 'Condition', condition: condition.variable, elseClause: wrapped };
  }
  return wrapped;
}

function sequence(nodes: readonly PlanNode[]): PlanNode {
  const flat = nodes.flatMap((node) => (node.kind === 'Sequence' ? node.nodes : [node]));
  return flat.length === 1 ? (flat[0] as PlanNode) : { kind: 'Sequence', nodes: flat };
}

function parallel(nodes: readonly PlanNode[]): PlanNode {
  const flat = nodes.flatMap((node) => (node.kind === 'Parallel' ? node.nodes : [node]));
  return flat.length === 1 ? (flat[0] as PlanNode) : { kind: 'Parallel', nodes: flat };
}
