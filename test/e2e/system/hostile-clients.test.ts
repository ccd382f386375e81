import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SystemStack, startSystemStack } from '../../helpers/system-stack.js';

// The whole system as shipped, in production mode, with one client trying to spoil it for the
// others. Inventory answers over 6,000 bytes are refused, so that a wide query is "too large".
const INVENTORY_MAX_RESPONSE_BYTES = 6_000;

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
  bytes: number;
}

let stack: SystemStack;

beforeAll(async () => {
  stack = await startSystemStack({
    gatewayEnv: {
      // Clients are told apart by a header, so one client's rate limit is not the other's.
      RATE_LIMIT_KEY_HEADER: 'x-client',
      UPSTREAM_INVENTORY_MAX_RESPONSE_BYTES: String(INVENTORY_MAX_RESPONSE_BYTES),
    },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

async function post(client: string, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client': client },
    body: JSON.stringify({ query, ...(variables && { variables }) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), bytes: Buffer.byteLength(text) };
}

async function breakers(): Promise<Record<string, string>> {
  const response = await fetch(stack.gatewayUrl.replace('/graphql', '/readyz'));
  return ((await response.json()) as { breakers: Record<string, string> }).breakers;
}

const BENIGN =
  '{ product(id: "p-0001") { id name inStock inventory { onHand available } price { amount } } }';
const codes = (answer: Answer) => (answer.body.errors ?? []).map((error) => error.extensions?.code);

describe('a client cannot take a subgraph away from the others', () => {
  let baseline: Answer;

  beforeAll(async () => {
    baseline = await post('benign', BENIGN);
  });

  it('serves the other client before the attack', () => {
    expect(baseline.body.errors).toBeUndefined();
    expect(baseline.body.data?.product).toMatchObject({ id: 'p-0001' });
  });

  it('refuses a 100,000-character id in 20 aliases at the subgraph, briefly, without echoing it', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `r${i}: reservation(id: $id) { id }`).join(' ');
    const query = `query ($id: ID!) { ${aliases} }`;

    const answers = [];
    for (let i = 0; i < 8; i += 1) answers.push(await post('attacker', query, { id: 'x'.repeat(100_000) }));

    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(codes(answer)).toContain('INPUT_STRING_TOO_LONG');
      expect(answer.bytes).toBeLessThan(20_000);
    }
    expect((await breakers()).inventory).toBe('closed');
  });

  it('fails only the request whose answer is over the size limit, not the breaker', async () => {
    const wide =
      '{ products(first: 100) { id inventory { onHand reserved available warehouses { warehouse onHand } } } }';

    const answers = [];
    for (let i = 0; i < 8; i += 1) answers.push(await post('attacker', wide));

    for (const answer of answers) expect(codes(answer)).toContain('SUBGRAPH_BAD_RESPONSE');
    expect((await breakers()).inventory).toBe('closed');
  });

  it('leaves the other client its answers, unchanged', async () => {
    const after = await post('benign', BENIGN);

    expect(after.body).toEqual(baseline.body);
  });
});
