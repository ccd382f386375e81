import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSupergraph } from '../../../gateway/src/supergraph/parse-supergraph.js';
import { candidateGateway, startApolloGatewayFor } from '../../helpers/candidate-gateway.js';
import { closeSide, groundTruthOf, type Side, startSide } from '../../helpers/differential.js';
import type { Federation } from '../../helpers/federation-fixture.js';
import {
  type GraphQLHttpResponse,
  type GraphQLRequest,
  postGraphQL,
} from '../../helpers/graphql-over-http.js';
import {
  collectArgumentSamples,
  type RandomOperation,
  randomOperations,
} from '../../helpers/random-operations.js';
import { diffAgainstGroundTruth, diffAgainstOracle } from '../../helpers/response-diff.js';
import { describeInvalidOperations } from '../../helpers/subgraph-operation-check.js';
import { answerFromOracleForm, oracleForm } from './oracle-form.js';

/** How many random operations a fuzz test sends; `FUZZ_COUNT` raises it for a long local run. */
export const fuzzCount = (fallback: number): number => Number(process.env.FUZZ_COUNT ?? fallback);

/** The first seed; `FUZZ_SEED` replays a failure printed by a test name. */
export const fuzzSeed = (fallback: number): number => Number(process.env.FUZZ_SEED ?? fallback);

const PROBES = 25;

/** Deepest field nesting of the operations; `FUZZ_DEPTH` changes it for a local run. */
const FUZZ_DEPTH = Number(process.env.FUZZ_DEPTH ?? 4);

/**
 * A class of operations @apollo/gateway is known to get wrong even in oracle form, recognised by
 * its answer; such operations are not compared (a corpus operation with a `spec` answer covers it).
 */
export interface OracleFault {
  /** The corpus operation that pins the spec's answer for this class. */
  coveredBy: string;
  matches(oracleAnswer: GraphQLHttpResponse): boolean;
}

/**
 * One test sending `count` operations generated from `seed` over the federation's API schema:
 * our gateway gets each operation as written. Its answer is compared with the federation's ground
 * truth (its monolithic schema) when it has one; otherwise @apollo/gateway gets the oracle form
 * (conditions decided, fragments inlined, collision-free response keys), whose answer mapped back
 * is what the spec requires of the original. Every subgraph operation our gateway sends must be
 * valid in the subgraph's own schema. Ids and other argument values are learnt first by probe
 * operations sent to the ground truth, or to the oracle.
 */
export function describeFuzz(
  federation: Federation,
  seed: number,
  count: number,
  oracleFaults: readonly OracleFault[] = [],
): void {
  const candidate = candidateGateway();
  // @apollo/gateway as the candidate cannot serve a supergraph it refuses: nothing to run.
  if (candidate.isOracle && federation.apolloRefuses) return;
  // With a ground truth the monolith answers (and is probed): no oracle needed, none started.
  const judge = federation.groundTruth ? 'ground truth' : '@apollo/gateway';
  describe(`${federation.name}: random operations, ${candidate.label} vs ${judge}`, () => {
    const sides: { oracle?: Side; candidate?: Side } = {};

    beforeAll(async () => {
      const [oracle, tested] = await Promise.all([
        federation.groundTruth ? undefined : startSide(federation, startApolloGatewayFor),
        startSide(federation, candidate.start),
      ]);
      sides.oracle = oracle;
      sides.candidate = tested;
    });

    afterAll(async () => {
      await Promise.all([closeSide(sides.oracle), closeSide(sides.candidate)]);
    });

    it(
      `agrees on ${count} operations from seed ${seed}`,
      async () => {
        const { oracle, candidate: tested } = sides;
        if (!tested || (!oracle && !federation.groundTruth))
          throw new Error('The federations did not start; see the beforeAll failure.');
        const schema = parseSupergraph(tested.federation.supergraphSdl).apiSchema;
        const truth = groundTruthOf(federation, tested.federation.supergraphSdl);
        const ask = (request: GraphQLRequest) =>
          truth ? truth.answer(request) : postGraphQL((oracle as Side).gateway.url, request);
        const probes = randomOperations(schema, seed ^ 0x5eed, PROBES, { probe: true, maxDepth: 3 });
        const probed = await Promise.all(probes.map(ask));
        const samples = collectArgumentSamples(
          schema,
          probed.map((response) => response.body.data),
        );
        const operations = randomOperations(schema, seed, count, { samples, maxDepth: FUZZ_DEPTH });
        const failures: string[] = [];
        let skipped = 0;
        for (const [index, operation] of operations.entries()) {
          const invalidBefore = tested.gateway.invalidOperations?.().length ?? 0;
          const actual = await postGraphQL(tested.gateway.url, operation);
          const invalid = tested.gateway.invalidOperations?.().slice(invalidBefore) ?? [];
          if (invalid.length > 0) {
            const sdl = tested.federation.supergraphSdl;
            failures.push(`#${index}: ${describeInvalidOperations(invalid, sdl, operation)}`);
            continue;
          }
          if (refusedByLimits(actual)) {
            skipped += 1;
            continue;
          }
          if (truth) {
            // The monolithic schema answers the operation as written: no oracle form needed.
            const expected = await truth.answer(operation);
            const differences = diffAgainstGroundTruth(expected, actual);
            if (differences.length > 0)
              failures.push(describeFailure(index, operation, schema, expected, actual, differences));
            continue;
          }
          const expected = await ask(oracleForm(operation, schema));
          const answer = answerFromOracleForm(operation, schema, expected);
          if (oracleFaults.some((fault) => fault.matches(answer))) {
            skipped += 1;
            continue;
          }
          const differences = diffAgainstOracle(answer, withoutNonNullErrorsTheOracleHides(answer, actual));
          if (differences.length > 0)
            failures.push(describeFailure(index, operation, schema, answer, actual, differences));
        }
        expect(failures, failures.join('\n')).toEqual([]);
        // Mostly compared, or the run proves little.
        expect(skipped).toBeLessThan(count / 4);
        // A long local run (FUZZ_COUNT) gets time in proportion.
      },
      Math.max(20_000, count * 250),
    );
  });
}

/**
 * The gateway's operation limits (root fields, cost) may refuse a random operation before any
 * planning: nothing to compare there.
 */
function refusedByLimits(response: GraphQLHttpResponse): boolean {
  const codes = (response.body.errors ?? []).map((error) => error.extensions?.code);
  return (
    !('data' in response.body) &&
    codes.some((code) => typeof code === 'string' && code.startsWith('OPERATION_TOO_'))
  );
}

const NON_NULL_VIOLATION = /^Cannot return null for non-nullable field /;

/**
 * @apollo/gateway nulls the parent of a non-null field that a subgraph left null, as spec 6.4.4
 * says, but reports no error for it (spec 6.4.3 requires one). The candidate's own error for such
 * a field is dropped before comparing when the oracle has none there and the candidate's data
 * holds the propagated null above it; the data itself is still compared.
 */
function withoutNonNullErrorsTheOracleHides(
  oracle: GraphQLHttpResponse,
  candidate: GraphQLHttpResponse,
): GraphQLHttpResponse {
  const oraclePaths = new Set((oracle.body.errors ?? []).map((error) => JSON.stringify(error.path)));
  const errors = candidate.body.errors?.filter(
    (error) =>
      !NON_NULL_VIOLATION.test(error.message) ||
      oraclePaths.has(JSON.stringify(error.path)) ||
      !nullAbove(candidate.body.data, error.path ?? []),
  );
  const body = { ...candidate.body };
  if (errors && errors.length > 0) body.errors = errors;
  else delete body.errors;
  return { status: candidate.status, body };
}

function nullAbove(data: unknown, path: readonly (string | number)[]): boolean {
  let value: unknown = data;
  for (const segment of path.slice(0, -1)) {
    if (value === null) return true;
    if (typeof value !== 'object' || value === undefined) return false;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value === null;
}

function describeFailure(
  index: number,
  operation: RandomOperation,
  schema: GraphQLSchema,
  expected: GraphQLHttpResponse,
  actual: GraphQLHttpResponse,
  differences: readonly string[],
): string {
  return [
    `#${index}: ${operation.query.replace(/\s+/g, ' ')}`,
    `  variables: ${JSON.stringify(operation.variables)}`,
    `  oracle form: ${oracleForm(operation, schema).query.replace(/\s+/g, ' ')}`,
    `  oracle: ${JSON.stringify(expected.body)}`,
    `  candidate: ${JSON.stringify(actual.body)}`,
    ...differences.map((difference) => `  - ${difference}`),
  ].join('\n');
}
