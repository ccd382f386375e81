import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSupergraph } from '../../gateway/src/supergraph/parse-supergraph.js';
import type { RunningGatewayEndpoint } from './apollo-gateway.js';
import {
  type CandidateGateway,
  candidateGateway,
  type GatewayStarter,
  startApolloGatewayFor,
} from './candidate-gateway.js';
import type { Federation, RunningFederation } from './federation-fixture.js';
import { type GraphQLHttpResponse, type GraphQLRequest, postGraphQL } from './graphql-over-http.js';
import { type GroundTruth, groundTruth } from './ground-truth.js';
import {
  diffAgainstGroundTruth,
  diffAgainstOracle,
  diffAgainstSpec,
  type SpecAnswer,
  type StatedAnswer,
} from './response-diff.js';
import { TEST_SIGNING_SECRET } from './signing.js';
import { describeInvalidOperations } from './subgraph-operation-check.js';

/** One operation of a differential corpus; the test is named after it. */
export interface DifferentialOperation extends GraphQLRequest {
  name: string;
  /**
   * Set where @apollo/gateway is known to answer against the GraphQL spec: the candidate is held to
   * this answer instead of the oracle's.
   */
  spec?: SpecAnswer;
  /**
   * Set where @apollo/gateway's answer differs from the ground truth (the federation's monolithic
   * schema): why, in one line. The candidate is then held to the ground truth alone.
   */
  apolloDiffers?: string;
  /** The answer, where no monolithic schema can give it (the candidate is held to it alone). */
  expected?: StatedAnswer;
}

/** One gateway in front of its own copy of a federation's subgraphs. */
export interface Side {
  federation: RunningFederation;
  gateway: RunningGatewayEndpoint;
}

interface Outcome {
  /** @apollo/gateway's answer; none for a federation it refuses. */
  oracle: GraphQLHttpResponse | undefined;
  candidate: GraphQLHttpResponse;
  /** The monolithic schema's answer, for a federation with a ground truth. */
  truth: GraphQLHttpResponse | undefined;
}

const candidate: CandidateGateway = candidateGateway();

/** Set to print, per file, the operations for which the two gateways made different subgraph calls. */
const reportRequestCounts = process.env.DIFFERENTIAL_REQUEST_COUNTS === 'true';

/**
 * Declares one test per operation: each runs through @apollo/gateway and through the candidate
 * gateway, each gateway in front of its own fresh copy of the federation (so mutations see the same
 * state on both sides), and the responses must agree. A federation with a ground truth also runs
 * each operation on its monolithic schema, and the candidate must give that answer. Every
 * subgraph operation the candidate sends must be valid in the subgraph's own schema. Operations
 * run in order.
 */
export function describeDifferential(
  federation: Federation,
  operations: readonly DifferentialOperation[],
): void {
  assertUniqueNames(federation.name, operations);
  if (federation.apolloRefuses !== undefined) {
    describeWithoutOracle(federation, federation.apolloRefuses, operations);
    return;
  }
  describe(`${federation.name}: ${candidate.label} vs @apollo/gateway`, () => {
    const sides: { oracle?: Side; candidate?: Side } = {};
    let truth: GroundTruth | undefined;
    const callDifferences: string[] = [];

    beforeAll(async () => {
      const [oracle, tested] = await Promise.all([
        startSide(federation, startApolloGatewayFor),
        startSide(federation, candidate.start),
      ]);
      sides.oracle = oracle;
      sides.candidate = tested;
      truth = groundTruthOf(federation, oracle.federation.supergraphSdl);
    });

    afterAll(async () => {
      if (reportRequestCounts && callDifferences.length > 0)
        process.stdout.write(
          `\n${federation.name}: subgraph calls (oracle -> candidate)\n${callDifferences.join('\n')}\n`,
        );
      await Promise.all([closeSide(sides.oracle), closeSide(sides.candidate)]);
    });

    // Both sides run every operation, also where only the candidate's answer is checked, so the
    // two federations stay in the same state.
    const runOnBothSides = async (operation: DifferentialOperation): Promise<Outcome> => {
      const { oracle, candidate: tested } = sidesOrThrow(sides);
      const before = [oracle.federation.requestCounts(), tested.federation.requestCounts()] as const;
      const [expected, actual, truthAnswer] = await Promise.all([
        send(oracle, operation),
        sendChecked(tested, operation),
        truth?.answer(operation),
      ]);
      const calls = [
        callsSince(before[0], oracle.federation.requestCounts()),
        callsSince(before[1], tested.federation.requestCounts()),
      ];
      if (calls[0] !== calls[1]) callDifferences.push(`  ${operation.name}: ${calls[0]} -> ${calls[1]}`);
      return { oracle: expected, candidate: actual, truth: truthAnswer };
    };

    for (const operation of operations) {
      const { spec } = operation;
      if (spec) {
        if (candidate.isOracle) {
          // Proves the trap is real: if @apollo/gateway ever answers as the spec says, compare with it again.
          it(`${operation.name} (@apollo/gateway departs from spec ${spec.section})`, async () => {
            const outcome = await runOnBothSides(operation);
            expect(diffAgainstSpec(spec, outcome.candidate), describeOutcome(outcome)).not.toEqual([]);
          });
        } else {
          it(`${operation.name} (spec ${spec.section})`, async () => {
            const outcome = await runOnBothSides(operation);
            expect(diffAgainstSpec(spec, outcome.candidate), describeOutcome(outcome)).toEqual([]);
          });
        }
        continue;
      }
      const differs = operation.apolloDiffers;
      const suffix = differs ? ` (@apollo/gateway differs: ${differs})` : '';
      it(`${operation.name}${suffix}`, async () => {
        const outcome = await runOnBothSides(operation);
        const reference = referenceDifferences(operation, outcome);
        if (differs && candidate.isOracle) {
          // If @apollo/gateway ever gives the right answer, the recorded difference is stale.
          expect(reference, describeOutcome(outcome)).not.toEqual([]);
          return;
        }
        expect(reference, describeOutcome(outcome)).toEqual([]);
        if (!differs && outcome.oracle)
          expect(diffAgainstOracle(outcome.oracle, outcome.candidate), describeOutcome(outcome)).toEqual([]);
      });
    }
  });
}

/**
 * A federation whose supergraph @apollo/gateway refuses to load: the candidate alone runs each
 * operation, held to the ground truth or the stated answer. Run against the oracle itself, the
 * suite checks that it still refuses.
 */
function describeWithoutOracle(
  federation: Federation,
  reason: string,
  operations: readonly DifferentialOperation[],
): void {
  if (candidate.isOracle) {
    it(`${federation.name}: @apollo/gateway still refuses the supergraph (${reason})`, async () => {
      await expect(startSide(federation, startApolloGatewayFor)).rejects.toThrow();
    });
    return;
  }
  describe(`${federation.name}: ${candidate.label} vs ground truth (@apollo/gateway refuses it: ${reason})`, () => {
    let tested: Side | undefined;
    let truth: GroundTruth | undefined;

    beforeAll(async () => {
      tested = await startSide(federation, candidate.start);
      truth = groundTruthOf(federation, tested.federation.supergraphSdl);
    });

    afterAll(async () => {
      await closeSide(tested);
    });

    for (const operation of operations) {
      if (operation.spec || operation.apolloDiffers)
        throw new Error(
          `${federation.name}/${operation.name}: no oracle to differ from without @apollo/gateway`,
        );
      it(operation.name, async () => {
        if (!tested) throw new Error('The federation did not start; see the beforeAll failure.');
        const [actual, truthAnswer] = await Promise.all([
          sendChecked(tested, operation),
          truth?.answer(operation),
        ]);
        const outcome: Outcome = { oracle: undefined, candidate: actual, truth: truthAnswer };
        if (!operation.expected && !truthAnswer)
          throw new Error(`${federation.name}/${operation.name}: neither a ground truth nor a stated answer`);
        expect(referenceDifferences(operation, outcome), describeOutcome(outcome)).toEqual([]);
      });
    }
  });
}

/** Sends an operation to the candidate and fails on any subgraph operation a subgraph's own schema rejects. */
async function sendChecked(side: Side, operation: DifferentialOperation): Promise<GraphQLHttpResponse> {
  const invalidBefore = side.gateway.invalidOperations?.().length ?? 0;
  const response = await send(side, operation);
  const invalid = side.gateway.invalidOperations?.().slice(invalidBefore) ?? [];
  expect(invalid, describeInvalidOperations(invalid, side.federation.supergraphSdl, operation)).toEqual([]);
  return response;
}

/** The candidate's differences from the answer stated for the operation, else from the ground truth. */
function referenceDifferences(operation: DifferentialOperation, outcome: Outcome): string[] {
  if (operation.expected) return diffAgainstSpec(operation.expected, outcome.candidate);
  if (outcome.truth) return diffAgainstGroundTruth(outcome.truth, outcome.candidate);
  return [];
}

/** The federation's monolithic schema over the supergraph's API schema, when it has one. */
export function groundTruthOf(federation: Federation, supergraphSdl: string): GroundTruth | undefined {
  const resolvers = federation.groundTruth?.();
  return resolvers && groundTruth(parseSupergraph(supergraphSdl).apiSchema, resolvers);
}

/**
 * Starts a fresh copy of the federation and a gateway in front of it; the subgraphs verify
 * request signatures, and the gateway signs, as in production.
 */
export async function startSide(federation: Federation, startGateway: GatewayStarter): Promise<Side> {
  const running = await federation.start({ signingSecret: TEST_SIGNING_SECRET });
  try {
    const gateway = await startGateway(
      running.supergraphSdl,
      running.subgraphs,
      federation.candidateConfig,
      TEST_SIGNING_SECRET,
    );
    return { federation: running, gateway };
  } catch (error) {
    await running.close();
    throw error;
  }
}

/** Stops a side's gateway, then its subgraphs. */
export async function closeSide(side: Side | undefined): Promise<void> {
  if (!side) return;
  await side.gateway.close();
  await side.federation.close();
}

/** Both sides, or an error pointing at the beforeAll that failed to start them. */
export function sidesOrThrow(sides: { oracle?: Side; candidate?: Side }): { oracle: Side; candidate: Side } {
  if (!sides.oracle || !sides.candidate)
    throw new Error('The federations did not start; see the beforeAll failure.');
  return { oracle: sides.oracle, candidate: sides.candidate };
}

function send(side: Side, operation: DifferentialOperation): Promise<GraphQLHttpResponse> {
  const { query, variables, operationName } = operation;
  return postGraphQL(side.gateway.url, { query, variables, operationName });
}

function callsSince(before: Record<string, number>, after: Record<string, number>): string {
  const calls = Object.entries(after)
    .map(([subgraph, count]) => [subgraph, count - (before[subgraph] ?? 0)] as const)
    .filter(([, count]) => count > 0)
    .map(([subgraph, count]) => `${subgraph}=${count}`);
  return calls.length > 0 ? calls.join(' ') : 'none';
}

function describeOutcome(outcome: Outcome): string {
  const truth = outcome.truth ? `ground truth: ${JSON.stringify(outcome.truth)}\n` : '';
  const oracle = outcome.oracle ? `@apollo/gateway: ${JSON.stringify(outcome.oracle)}\n` : '';
  return `\n${truth}${oracle}${candidate.label}: ${JSON.stringify(outcome.candidate)}\n`;
}

function assertUniqueNames(federation: string, operations: readonly DifferentialOperation[]): void {
  const seen = new Set<string>();
  for (const { name } of operations) {
    if (seen.has(name)) throw new Error(`${federation}: two operations are named "${name}"`);
    seen.add(name);
  }
}
