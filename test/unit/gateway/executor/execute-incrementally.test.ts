import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, Kind, parse, print, type SelectionSetNode, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  executeIncrementally,
  type SubsequentPayload,
} from '../../../../gateway/src/executor/execute-incrementally.js';
import { executeQueryPlan } from '../../../../gateway/src/executor/execute-query-plan.js';
import { buildQueryPlan } from '../../../../gateway/src/planner/build-query-plan.js';
import { SupergraphIndex } from '../../../../gateway/src/planner/supergraph-index.js';
import { InProcessSubgraphClient } from '../../../helpers/in-process-subgraph-client.js';
import { type IncrementalPayload, mergeIncremental } from '../../../helpers/multipart.js';
import { randomOperations, seededRandom } from '../../../helpers/random-operations.js';
import { composeModel } from '../planner/compose-and-plan.js';

const MEDIA = `
  type Query { items: [Item!]! }
  interface Item { id: ID! title: String! }
  type Book implements Item @key(fields: "id") { id: ID! title: String! pages: Int! }
  type Film implements Item @key(fields: "id") { id: ID! title: String! minutes: Int! }`;
const REVIEWS = `
  type Book @key(fields: "id") { id: ID! rating: Int }
  type Film @key(fields: "id") { id: ID! rating: Int failing: Int! }`;
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const ITEMS = [
  { __typename: 'Book', id: 'b1', title: 'Dune', pages: 412 },
  { __typename: 'Film', id: 'f1', title: 'Alien', minutes: 117 },
  { __typename: 'Book', id: 'b2', title: 'Emma', pages: 474 },
];

const model = composeModel({ media: MEDIA, reviews: REVIEWS });
const index = new SupergraphIndex(model);
const client = new InProcessSubgraphClient({
  media: buildSubgraphSchema({
    typeDefs: parse(`${LINK}\n${MEDIA}`),
    resolvers: {
      Query: { items: () => ITEMS },
      Item: { __resolveType: (item: { __typename: string }) => item.__typename },
      Book: { __resolveReference: (ref: { id: string }) => ITEMS.find((item) => item.id === ref.id) },
      Film: { __resolveReference: (ref: { id: string }) => ITEMS.find((item) => item.id === ref.id) },
    } as never,
  }),
  reviews: buildSubgraphSchema({
    typeDefs: parse(`${LINK}\n${REVIEWS}`),
    resolvers: {
      Book: { __resolveReference: (ref: { id: string }) => ({ ...ref, rating: ref.id.length }) },
      Film: {
        __resolveReference: (ref: { id: string }) => ({ ...ref, rating: 5 }),
        failing: () => {
          throw new GraphQLError('reviews cannot say');
        },
      },
    } as never,
  }),
});

async function both(query: string, variables: Record<string, unknown> = {}) {
  const context = { signal: new AbortController().signal };
  const deferred = buildQueryPlan(index, parse(query), undefined, { incremental: true });
  const outcome = await executeIncrementally({
    plan: deferred.plan,
    operation: deferred.operation,
    variables,
    apiSchema: model.apiSchema,
    client,
    context,
  });
  const payloads: IncrementalPayload[] = [toPayload({ ...outcome.initial, hasNext: !!outcome.subsequent })];
  for await (const payload of outcome.subsequent ?? []) payloads.push(toPayload(payload));
  const plain = buildQueryPlan(index, parse(query));
  const whole = await executeQueryPlan({
    plan: plain.plan,
    operation: plain.operation,
    variables,
    apiSchema: model.apiSchema,
    client,
    context,
  });
  return { payloads, whole: JSON.parse(JSON.stringify(whole)) as IncrementalPayload };
}

/** A payload as it goes over the wire (errors formatted). */
function toPayload(payload: object | SubsequentPayload): IncrementalPayload {
  return JSON.parse(JSON.stringify(payload)) as IncrementalPayload;
}

describe('executeIncrementally', () => {
  it('delivers a fragment on one implementation only for the objects of that type, at their paths', async () => {
    const { payloads, whole } = await both(
      '{ items { id ... on Book @defer(label: "book") { pages rating } } }',
    );

    expect(payloads[0]).toEqual({
      data: { items: [{ id: 'b1' }, { id: 'f1' }, { id: 'b2' }] },
      hasNext: true,
    });
    expect(payloads.slice(1)).toEqual([
      {
        incremental: [
          { data: { pages: 412, rating: 2 }, path: ['items', 0], label: 'book' },
          { data: { pages: 474, rating: 2 }, path: ['items', 2], label: 'book' },
        ],
        hasNext: false,
      },
    ]);
    expect(mergeIncremental(payloads)).toEqual({ data: whole.data, errors: [] });
  });

  it('shapes a deferred fragment without a type condition by each object type, nested fragments included', async () => {
    const { payloads, whole } = await both(
      '{ items { __typename ... @defer { title ... on Film { minutes rating } } } }',
    );

    // One part per implementation (each reads its own keys), one entry per object.
    const entries = payloads.slice(1).flatMap((payload) => payload.incremental ?? []);
    expect(entries.map((entry) => entry.path).sort()).toEqual([
      ['items', 0],
      ['items', 1],
      ['items', 2],
    ]);
    expect(mergeIncremental(payloads)).toEqual({ data: whole.data, errors: [] });
  });

  it('stops a non-null error at the deferred fragment: that entry is null, with the error at its full path', async () => {
    const { payloads, whole } = await both('{ items { id ... on Film @defer { failing } } }');

    expect(payloads[0]).toEqual({
      data: { items: [{ id: 'b1' }, { id: 'f1' }, { id: 'b2' }] },
      hasNext: true,
    });
    expect(payloads[1]?.incremental).toEqual([
      {
        data: null,
        path: ['items', 1],
        errors: [expect.objectContaining({ message: 'reviews cannot say', path: ['items', 1, 'failing'] })],
      },
    ]);
    // Without @defer the same error nulls the whole (non-null) list, so the root.
    expect(whole.data).toBeNull();
  });

  it('keeps the first answer as it was when deferred fetches merge into the objects it shows', async () => {
    // The fetched items are exactly what the primary part selects: shaping could hand them out as
    // they are, and the deferred rating is merged into those very objects.
    const deferred = buildQueryPlan(
      index,
      parse('{ items { __typename id ... @defer { rating } } }'),
      undefined,
      {
        incremental: true,
      },
    );
    const outcome = await executeIncrementally({
      plan: deferred.plan,
      operation: deferred.operation,
      apiSchema: model.apiSchema,
      client,
      context: { signal: new AbortController().signal },
    });
    const later: SubsequentPayload[] = [];
    for await (const payload of outcome.subsequent ?? []) later.push(payload);

    expect(outcome.initial.data).toEqual({
      items: ITEMS.map(({ __typename, id }) => ({ __typename, id })),
    });
    const results = later.flatMap((payload) => payload.incremental);
    expect(
      results.map(({ path, data }) => ({ path, data })).sort((a, b) => Number(a.path[1]) - Number(b.path[1])),
    ).toEqual([
      { path: ['items', 0], data: { rating: 2 } },
      { path: ['items', 1], data: { rating: 5 } },
      { path: ['items', 2], data: { rating: 2 } },
    ]);
  });

  it('returns no later payloads when every deferred fragment is turned off by its variable', async () => {
    const query = 'query($on: Boolean!) { items { id ... @defer(if: $on) { title } } }';
    const deferred = buildQueryPlan(index, parse(query), undefined, { incremental: true });
    const outcome = await executeIncrementally({
      plan: deferred.plan,
      operation: deferred.operation,
      variables: { on: false },
      apiSchema: model.apiSchema,
      client,
      context: { signal: new AbortController().signal },
    });

    expect(outcome.subsequent).toBeUndefined();
    expect(outcome.initial.data).toEqual({
      items: [
        { id: 'b1', title: 'Dune' },
        { id: 'f1', title: 'Alien' },
        { id: 'b2', title: 'Emma' },
      ],
    });
  });

  it('merges, for random operations with random fragments deferred, into the non-deferred answer', async () => {
    const random = seededRandom(16);
    const operations = randomOperations(model.apiSchema, 16, 40, { maxDepth: 4 }).filter(
      // A non-null error inside a deferred fragment stops there, not where it would without @defer.
      (operation) => !operation.query.includes('failing'),
    );
    let deferredSeen = 0;
    for (const operation of operations) {
      const query = withRandomDefers(operation.query, random);
      const { payloads, whole } = await both(query, operation.variables);
      if (payloads.length > 1) deferredSeen += 1;
      const merged = mergeIncremental(payloads);
      expect({ query, data: merged.data }).toEqual({ query, data: whole.data });
      expect({ query, errors: merged.errors.length }).toEqual({ query, errors: whole.errors?.length ?? 0 });
    }
    expect(deferredSeen).toBeGreaterThan(operations.length / 4);
  });
});

/** The operation with some selection sets' fields (all but the first) moved into `... @defer { }`. */
function withRandomDefers(query: string, random: () => number): string {
  const document = visit(parse(query), {
    SelectionSet: {
      leave(node: SelectionSetNode): SelectionSetNode | undefined {
        if (node.selections.length < 2 || random() < 0.5) return undefined;
        const [first, ...rest] = node.selections;
        return {
          ...node,
          selections: [
            first as (typeof node.selections)[number],
            {
              kind: Kind.INLINE_FRAGMENT,
              directives: [
                { kind: Kind.DIRECTIVE, name: { kind: Kind.NAME, value: 'defer' }, arguments: [] },
              ],
              selectionSet: { kind: Kind.SELECTION_SET, selections: rest },
            },
          ],
        };
      },
    },
  });
  return print(document);
}
