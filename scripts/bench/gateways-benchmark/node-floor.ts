/**
 * The node floor: the public workload's heavy query (`TestQuery`) served by a Node.js program that
 * knows nothing else, its plan written by hand. Per request it does only what any Node.js gateway
 * must: parse the client's body, make the same six subgraph requests in the same four waves as our
 * planner (over one undici `Pool` per subgraph), parse each answer, merge the entities by key,
 * build the response in query order and `JSON.stringify` it. No planner, no validation, no
 * policies, no deadlines, no metrics, no Apollo Server. The bench runs it beside the gateways so
 * that a run shows how close to this floor a general gateway comes on the same machine.
 *
 * It answers that query and `{ __typename }` (the bench's readiness probe); anything else gets a
 * 400 saying so, and a subgraph that fails a 502 naming it.
 *
 * `node dist/scripts/bench/gateways-benchmark/node-floor.js` (built, as our gateway runs) with
 * PORT, HOST, SUPERGRAPH_PATH (the subgraph URLs are read from its `@join__graph` values) and
 * QUERY_PATH (the heavy query's text, as the bench sends it).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { parseSupergraph } from '../../../gateway/src/supergraph/parse-supergraph.js';

type Entity = Record<string, unknown>;

const SUBGRAPHS = ['accounts', 'inventory', 'products', 'reviews'] as const;
type SubgraphName = (typeof SUBGRAPHS)[number];

const USERS = '{users{__typename id username name}}';
const TOP_PRODUCTS = '{topProducts{__typename upc name price weight}}';
const AUTHOR = 'author{__typename id username reviews{id body product{__typename upc}}}';
const REVIEWS =
  'query($users:[_Any!]!,$products:[_Any!]!){' +
  `users:_entities(representations:$users){...on User{reviews{id body product{__typename upc reviews{id body ${AUTHOR}}}}}}` +
  `products:_entities(representations:$products){...on Product{reviews{id body ${AUTHOR}}}}}`;
const PRODUCT_FIELDS = 'query($r:[_Any!]!){_entities(representations:$r){...on Product{name price weight}}}';
const USER_NAMES = 'query($r:[_Any!]!){_entities(representations:$r){...on User{name}}}';
const STOCK = 'query($r:[_Any!]!){_entities(representations:$r){...on Product{inStock shippingEstimate}}}';

/** The response's shape: the leaf keys of each object, in query order, then its nested keys. */
interface Shape {
  readonly leaves: readonly string[];
  readonly nested: readonly (readonly [string, Shape])[];
}

const shape = (leaves: readonly string[], nested: Record<string, Shape> = {}): Shape => ({
  leaves,
  nested: Object.entries(nested),
});
const USER = ['id', 'username', 'name'];
const REVIEW = ['id', 'body'];
const PRODUCT = ['inStock', 'name', 'price', 'shippingEstimate', 'upc', 'weight'];
const AUTHOR_SHAPE = shape(USER, { reviews: shape(REVIEW, { product: shape(PRODUCT) }) });
const PRODUCT_WITH_REVIEWS = shape(PRODUCT, { reviews: shape(REVIEW, { author: AUTHOR_SHAPE }) });
const RESPONSE = shape([], {
  users: shape(USER, { reviews: shape(REVIEW, { product: PRODUCT_WITH_REVIEWS }) }),
  topProducts: PRODUCT_WITH_REVIEWS,
});

/**
 * The workload's subgraph URLs, by name, as the gateway's own supergraph reader finds them (which
 * also refuses a supergraph that is not one, saying why).
 */
export function subgraphUrls(supergraphSdl: string): Record<SubgraphName, URL> {
  const { subgraphs } = parseSupergraph(supergraphSdl);
  const entries = SUBGRAPHS.map((name) => {
    const subgraph = subgraphs.get(name);
    if (!subgraph) throw new Error(`node floor: the supergraph has no @join__graph for subgraph "${name}"`);
    return [name, new URL(subgraph.url)] as const;
  });
  return Object.fromEntries(entries) as Record<SubgraphName, URL>;
}

/** The six requests of the heavy query, over a keep-alive pool per subgraph. */
class HeavyQueryPlan {
  private readonly pools: Record<SubgraphName, { readonly pool: Pool; readonly path: string }>;

  constructor(urls: Record<SubgraphName, URL>) {
    const pool = (url: URL) => ({ pool: new Pool(url.origin, { connections: 64 }), path: url.pathname });
    this.pools = {
      accounts: pool(urls.accounts),
      inventory: pool(urls.inventory),
      products: pool(urls.products),
      reviews: pool(urls.reviews),
    };
  }

  async execute(): Promise<Entity> {
    const [{ users }, { topProducts }] = (await Promise.all([
      this.call('accounts', USERS),
      this.call('products', TOP_PRODUCTS),
    ])) as [{ users: Entity[] }, { topProducts: Entity[] }];
    const reviews = (await this.call('reviews', REVIEWS, {
      users: users.map(({ id }) => ({ __typename: 'User', id })),
      products: topProducts.map(({ upc }) => ({ __typename: 'Product', upc })),
    })) as { users: Entity[]; products: Entity[] };
    mergeByPosition(users, reviews.users);
    mergeByPosition(topProducts, reviews.products);

    // Every product and author the reviews brought, by key: each gets its fields once.
    const products = new Map<unknown, Entity[]>();
    const authors = new Map<unknown, Entity[]>();
    collectUnresolved([users, topProducts], products, authors);
    const [productFields, userNames] = await Promise.all([
      this.entities(
        'products',
        PRODUCT_FIELDS,
        [...products.keys()].map((upc) => ({ __typename: 'Product', upc })),
      ),
      this.entities(
        'accounts',
        USER_NAMES,
        [...authors.keys()].map((id) => ({ __typename: 'User', id })),
      ),
    ]);
    mergeByKey(products, productFields);
    mergeByKey(authors, userNames);

    for (const product of topProducts) addByKey(products, product.upc, product);
    const stock = await this.entities(
      'inventory',
      STOCK,
      [...products.values()].map(([{ upc, price, weight } = {}]) => ({
        __typename: 'Product',
        upc,
        price,
        weight,
      })),
    );
    mergeByKey(products, stock);
    return shaped({ users, topProducts }, RESPONSE) as Entity;
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.pools).map(({ pool }) => pool.close()));
  }

  private async entities(name: SubgraphName, query: string, representations: Entity[]): Promise<Entity[]> {
    return ((await this.call(name, query, { r: representations })) as { _entities: Entity[] })._entities;
  }

  /** One subgraph request; any failure (no answer, not JSON, errors, no data) names the subgraph. */
  private async call(name: SubgraphName, query: string, variables?: Entity): Promise<Entity> {
    const { pool, path } = this.pools[name];
    let status: number;
    let text: string;
    try {
      const response = await pool.request({
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(variables ? { query, variables } : { query }),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw new Error(`subgraph ${name} did not answer: ${(error as Error).message}`);
    }
    let parsed: { data?: Entity | null; errors?: unknown } | undefined;
    try {
      parsed = JSON.parse(text);
    } catch {}
    if (status !== 200 || !parsed?.data || parsed.errors !== undefined) {
      throw new Error(`subgraph ${name} answered HTTP ${status}: ${text.slice(0, 200)}`);
    }
    return parsed.data;
  }
}

/** Products and users (authors) under `value` still missing the fields their own subgraph adds. */
function collectUnresolved(
  value: unknown,
  products: Map<unknown, Entity[]>,
  users: Map<unknown, Entity[]>,
): void {
  if (Array.isArray(value)) {
    for (const item of value) collectUnresolved(item, products, users);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as Entity;
  if (object.name === undefined) {
    if (object.__typename === 'Product') addByKey(products, object.upc, object);
    else if (object.__typename === 'User') addByKey(users, object.id, object);
  }
  for (const key in object) {
    const child = object[key];
    if (typeof child === 'object' && child !== null) collectUnresolved(child, products, users);
  }
}

function addByKey(byKey: Map<unknown, Entity[]>, key: unknown, object: Entity): void {
  const objects = byKey.get(key);
  if (objects) objects.push(object);
  else byKey.set(key, [object]);
}

function mergeByPosition(objects: readonly Entity[], results: readonly Entity[]): void {
  for (let index = 0; index < objects.length; index += 1)
    Object.assign(objects[index] as Entity, results[index]);
}

/** Each entity result, in the order of the keys it was asked for, into every object of its key. */
function mergeByKey(byKey: Map<unknown, Entity[]>, results: readonly Entity[]): void {
  let index = 0;
  for (const objects of byKey.values()) {
    const result = results[index++];
    for (const object of objects) Object.assign(object, result);
  }
}

function shaped(value: unknown, shape: Shape): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => shaped(item, shape));
  const object = value as Entity;
  const out: Entity = {};
  for (const key of shape.leaves) out[key] = object[key] ?? null;
  for (const [key, nested] of shape.nested) out[key] = shaped(object[key], nested);
  return out;
}

/** A running floor: its URL, and `close` to stop it with its pools. */
export interface RunningNodeFloor {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the floor on `host:port` (0: a free port) before the subgraphs `supergraphSdl` names. */
export async function startNodeFloor(options: {
  supergraphSdl: string;
  /** The heavy query's text: a request whose query differs in any character is refused. */
  heavyQuery: string;
  host: string;
  port: number;
}): Promise<RunningNodeFloor> {
  const plan = new HeavyQueryPlan(subgraphUrls(options.supergraphSdl));
  const server = createServer((request, response) => serve(request, response, plan, options.heavyQuery));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/graphql`,
    async close() {
      await closeServer(server);
      await plan.close();
    },
  };
}

function serve(
  request: IncomingMessage,
  response: ServerResponse,
  plan: HeavyQueryPlan,
  heavyQuery: string,
): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    answer(Buffer.concat(chunks).toString(), plan, heavyQuery).then(
      ({ status, body }) => send(response, status, body),
      (error: Error) => send(response, 502, { errors: [{ message: `node floor: ${error.message}` }] }),
    );
  });
}

async function answer(
  text: string,
  plan: HeavyQueryPlan,
  heavyQuery: string,
): Promise<{ status: number; body: unknown }> {
  let query: unknown;
  try {
    query = (JSON.parse(text) as { query?: unknown }).query;
  } catch {
    return { status: 400, body: { errors: [{ message: 'node floor: the body is not JSON' }] } };
  }
  if (query === heavyQuery) return { status: 200, body: { data: await plan.execute() } };
  if (typeof query === 'string' && query.replace(/\s+/g, '') === '{__typename}') {
    return { status: 200, body: { data: { __typename: 'Query' } } };
  }
  return {
    status: 400,
    body: {
      errors: [{ message: 'node floor: serves only the gateways-benchmark TestQuery and { __typename }' }],
    },
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function closeServer(server: Server): Promise<void> {
  server.closeIdleConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

if (process.argv[1] === import.meta.filename) {
  const { PORT, HOST, SUPERGRAPH_PATH, QUERY_PATH } = process.env;
  if (!PORT || !SUPERGRAPH_PATH || !QUERY_PATH) {
    throw new Error('node floor: PORT, SUPERGRAPH_PATH and QUERY_PATH must be set');
  }
  const floor = await startNodeFloor({
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    heavyQuery: readFileSync(QUERY_PATH, 'utf8'),
    host: HOST ?? '127.0.0.1',
    port: Number(PORT),
  });
  const stop = () => void floor.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
