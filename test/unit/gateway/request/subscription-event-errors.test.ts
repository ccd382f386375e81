import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { newRequestRecord } from '../../../../gateway/src/observability/access-log.js';
import { QueryPlanner } from '../../../../gateway/src/planner/query-planner.js';
import { SupergraphIndex } from '../../../../gateway/src/planner/supergraph-index.js';
import type { AdmittedSubscription } from '../../../../gateway/src/request/admitted-subscription.js';
import { requestExecutor } from '../../../../gateway/src/request/request-executor.js';
import type { SubgraphErrorExposure } from '../../../../gateway/src/security/subgraph-error-exposure.js';
import { capturedLogger } from '../../../helpers/captured-logger.js';
import { composeModel } from '../planner/compose-and-plan.js';

const model = composeModel({
  prices: `
    type Query { price(id: ID!): Int }
    type Subscription { priceChanged(id: ID!): Int }`,
});
const LEAKY_EVENT = {
  data: { priceChanged: null },
  errors: [
    {
      message: 'connect ECONNREFUSED 10.0.3.7:6379',
      path: ['priceChanged'],
      extensions: { stacktrace: ['Error: connect ECONNREFUSED'], exception: { host: '10.0.3.7' } },
    },
  ],
};

/** The subscription the request executor admits under `subgraphErrors`. */
async function admit(subgraphErrors?: SubgraphErrorExposure): Promise<AdmittedSubscription> {
  const { log } = capturedLogger();
  let admitted: AdmittedSubscription | undefined;
  const execute = requestExecutor({
    planner: new QueryPlanner(new SupergraphIndex(model), { cacheSize: 10 }),
    apiSchema: model.apiSchema,
    client: { call: async () => ({ data: {} }) },
    ...(subgraphErrors && { subgraphErrors }),
  });
  await execute({
    document: parse('subscription { priceChanged(id: "1") }'),
    operationName: null,
    variables: {},
    queryHash: 'hash',
    context: {
      requestId: 'r-1',
      log,
      signal: new AbortController().signal,
      deadline: Date.now() + 10_000,
      headers: {},
      record: newRequestRecord(),
      subscriptions: {
        accept: (subscription) => {
          admitted = subscription;
        },
      },
    },
  });
  if (!admitted) throw new Error('The subscription was not admitted');
  return admitted;
}

/** The event's errors as a subscriber sees them under `subgraphErrors`. */
async function eventErrors(subgraphErrors?: SubgraphErrorExposure) {
  const admitted = await admit(subgraphErrors);
  const result = await admitted.resolve(LEAKY_EVENT, {
    signal: new AbortController().signal,
    deadline: Date.now() + 10_000,
    requestId: 'r-2',
  });
  return result.errors?.map((error) => ({ message: error.message, extensions: error.extensions }));
}

describe('the errors of a subscription event', () => {
  it('pass the production filter: allowed extensions only, uncoded messages masked with the event id', async () => {
    const errors = await eventErrors({ redact: true, allowedExtensions: [], keepUncodedMessages: false });

    expect(errors).toEqual([
      {
        message: "Subgraph 'prices' reported an error (id: r-2).",
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'prices', requestId: 'r-2' },
      },
    ]);
  });

  it('reach the subscriber whole without redaction', async () => {
    const errors = await eventErrors();

    expect(errors).toEqual([
      expect.objectContaining({
        message: 'connect ECONNREFUSED 10.0.3.7:6379',
        extensions: expect.objectContaining({ exception: { host: '10.0.3.7' } }),
      }),
    ]);
  });
});

describe('the errors a subgraph ends a subscription with', () => {
  const ended = [
    { message: 'redis at 10.0.3.7:6379 is gone', extensions: { stacktrace: ['Error: gone'] } },
    { message: 'Not allowed.', extensions: { code: 'FORBIDDEN', exception: { host: '10.0.3.7' } } },
  ];

  it('pass the production filter, an uncoded one keeping no code of its own', async () => {
    const admitted = await admit({ redact: true, allowedExtensions: [], keepUncodedMessages: false });

    expect(admitted.exposeEndErrors?.(ended, 'r-3')).toEqual([
      {
        message: "Subgraph 'prices' reported an error (id: r-3).",
        extensions: { serviceName: 'prices', requestId: 'r-3' },
      },
      { message: 'Not allowed.', extensions: { code: 'FORBIDDEN', serviceName: 'prices', requestId: 'r-3' } },
    ]);
  });

  it('reach the subscriber unchanged without redaction', async () => {
    const admitted = await admit();

    expect(admitted.exposeEndErrors?.(ended, 'r-3')).toEqual(ended);
  });
});
