/**
 * Benchmark child: times cold query plans with our planner's public functions. Every sample
 * builds a new SupergraphIndex (the planner's per-supergraph caches) and plans the operation once,
 * so nothing planned before helps; warm-up samples first let the JIT compile the planner.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'graphql';
import { buildQueryPlan } from '../../gateway/src/planner/build-query-plan.js';
import { SupergraphIndex } from '../../gateway/src/planner/supergraph-index.js';
import { parseSupergraph } from '../../gateway/src/supergraph/parse-supergraph.js';
import { serveParent } from './child-messages.js';

/** What `time` asks for. */
export interface ColdPlanRequest {
  readonly supergraphPath: string;
  readonly query: string;
  readonly operationName?: string;
  readonly warmup: number;
  readonly samples: number;
}

/** Cold plan times, in milliseconds. */
export interface ColdPlanTimes {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly samples: number;
  readonly fetches: number;
}

function timeColdPlans(request: ColdPlanRequest): ColdPlanTimes {
  const model = parseSupergraph(readFileSync(request.supergraphPath, 'utf8'), {
    source: request.supergraphPath,
  });
  const document = parse(request.query);
  const planOnce = () => buildQueryPlan(new SupergraphIndex(model), document, request.operationName);
  for (let index = 0; index < request.warmup; index += 1) planOnce();
  const times: number[] = [];
  let fetches = 0;
  for (let index = 0; index < request.samples; index += 1) {
    const started = performance.now();
    const planned = planOnce();
    times.push(performance.now() - started);
    fetches = JSON.stringify(planned.plan).split('"kind":"Fetch"').length - 1;
  }
  times.sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  const median =
    times.length % 2 === 1 ? times[middle] : ((times[middle - 1] ?? 0) + (times[middle] ?? 0)) / 2;
  return {
    medianMs: median ?? Number.NaN,
    minMs: times[0] ?? Number.NaN,
    maxMs: times[times.length - 1] ?? Number.NaN,
    samples: times.length,
    fetches,
  };
}

serveParent({
  time: (payload) => timeColdPlans(payload as ColdPlanRequest),
  async stop() {},
});
