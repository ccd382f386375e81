import { buildSchema } from 'graphql';
import { CostModel, type CostWeights } from '../../../../gateway/src/security/cost-model.js';
import {
  type CostDirectives,
  type ListSizeDirective,
  noCostDirectives,
} from '../../../../gateway/src/supergraph/cost-directives.js';

/** A schema whose costs read variables in each way the estimate can: sizes, slicing, argument weights. */
export const variableCostSchema = buildSchema(`
  type Query {
    products(first: Int, after: String): [Product!]!
    product(id: ID!): Product
    films(count: Int, after: String): [Product!]!
    search(filter: Filter, exact: Boolean): [Product!]!
  }
  type Product { id: ID! name: String! related(first: Int): [Product!]! }
  input Filter { text: String fuzzy: Boolean }
`);

export const WEIGHTS: CostWeights = { objectWeight: 1, scalarWeight: 1, defaultListSize: 10 };

const filmsByCount: ListSizeDirective = {
  assumedSize: undefined,
  slicingArguments: ['count'],
  sizedFields: [],
  requireOneSlicingArgument: false,
};

/** Each call a new model, so that no test shares what another remembered. */
export const models = {
  /** No cost directives: only `first`/`last`/`limit` read variables. */
  plain: () => new CostModel(variableCostSchema, WEIGHTS),
  /** `Query.films` sized by its `count` argument. */
  sliced: () =>
    new CostModel(variableCostSchema, WEIGHTS, {
      ...noCostDirectives,
      listSizes: new Map([['Query.films', filmsByCount]]),
    } satisfies CostDirectives),
  /** `@cost` on `Query.search(filter:)` (15) and on `Filter.fuzzy` (12). */
  weighed: () =>
    new CostModel(variableCostSchema, WEIGHTS, {
      ...noCostDirectives,
      argumentWeights: new Map([['Query.search(filter:)', 15]]),
      fieldWeights: new Map([['Filter.fuzzy', 12]]),
    }),
};
