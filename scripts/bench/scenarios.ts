import { seedProductId } from '../../subgraphs/shared/seed.js';

/** One operation the benchmark drives at every gateway. */
export interface Scenario {
  readonly name: string;
  /** What the scenario stresses, for the report. */
  readonly description: string;
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly operationName?: string;
}

/** The JSON body every request of a scenario sends. */
export function requestBody(scenario: Scenario): string {
  return JSON.stringify({
    query: scenario.query,
    ...(scenario.operationName && { operationName: scenario.operationName }),
    variables: scenario.variables,
  });
}

const heavy: Scenario = {
  name: 'heavy',
  description: '100 products x (price, inventory with warehouses, shippingEstimate @requires): 3 subgraphs',
  query: /* GraphQL */ `
    query HeavyCatalogPage($first: Int!) {
      products(first: $first) {
        id
        sku
        name
        category
        price { amount currency listAmount saleAmount }
        inventory {
          onHand
          reserved
          available
          warehouses { warehouse onHand reserved available }
        }
        inStock
        shippingEstimate { amount currency }
      }
    }`,
  variables: { first: 100 },
};

const light: Scenario = {
  name: 'light',
  description: 'one product with its price: 2 subgraphs, one entity jump',
  query: /* GraphQL */ `
    query LightProduct($id: ID!) {
      product(id: $id) { id name price { amount currency } }
    }`,
  variables: { id: seedProductId(7) },
};

const fragments: Scenario = {
  name: 'fragments',
  // 19 aliases as written (27 with the fragments expanded), under the limit of 30.
  description: 'aliases, nested named and inline fragments, @include over 2 lists of 25 products',
  query: /* GraphQL */ `
    query AliasedFragments($first: Int!, $withStock: Boolean!) {
      books: products(first: $first, category: BOOKS) { ...Card ...Stock @include(if: $withStock) }
      toys: products(first: $first, category: TOYS) {
        ...Card
        label: name
        ... on Product { code: sku weight: weightGrams }
      }
    }
    fragment Card on Product {
      key: id
      title: name
      ...Money
      ship: shippingEstimate { value: amount currency }
    }
    fragment Money on Product {
      cost: price { value: amount currency list: listAmount }
      available: inStock
    }
    fragment Stock on Product {
      stock: inventory { free: available held: reserved sites: warehouses { code: warehouse free: available } }
    }`,
  variables: { first: 25, withStock: true },
};

/** Every scenario, in the order they run. */
export const scenarios: readonly Scenario[] = [heavy, light, fragments];
