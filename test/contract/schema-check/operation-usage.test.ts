import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { collectSchemaUsage } from '../../../scripts/schema-check/operation-usage.js';

const schema = buildSchema(/* GraphQL */ `
  type Query {
    node(id: ID!): Node
    products(first: Int = 20, category: Category): [Product!]!
  }
  type Mutation {
    createProduct(input: CreateProductInput!): Product!
  }
  interface Node { id: ID! }
  type Product implements Node { id: ID!, name: String!, category: Category!, dimensions: Dimensions }
  type Article implements Node { id: ID!, title: String! }
  type Dimensions { widthMm: Int! }
  enum Category { BOOKS TOYS }
  enum Unit { MM CM }
  input CreateProductInput { name: String!, category: Category!, size: SizeInput }
  input SizeInput { width: Int!, unit: Unit }
`);

describe('collectSchemaUsage', () => {
  it('lists the types, fields and arguments an operation selects and passes', () => {
    const used = collectSchemaUsage(schema, parse('query { products(first: 5) { id name } }'));

    expect([...used].sort()).toEqual(
      [
        'Query',
        'Query.products',
        'Query.products(first:)',
        'Product',
        'Product.id',
        'Product.name',
        'Int',
        'ID',
        'String',
      ].sort(),
    );
  });

  it('counts a field selected through an interface as used on every implementation', () => {
    const used = collectSchemaUsage(schema, parse('query { node(id: "1") { id ... on Article { title } } }'));

    expect(used).toContain('Node.id');
    expect(used).toContain('Product.id');
    expect(used).toContain('Article.id');
    expect(used).toContain('Article.title');
    expect(used).not.toContain('Product.name');
  });

  it('counts every field of an input type and every value of an enum a variable can carry', () => {
    const used = collectSchemaUsage(
      schema,
      parse('mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }'),
    );

    expect(used).toContain('CreateProductInput.size');
    expect(used).toContain('SizeInput.unit');
    expect(used).toContain('Category.TOYS');
    expect(used).toContain('Unit.CM');
  });

  it('counts the values of an enum the operation reads', () => {
    const used = collectSchemaUsage(schema, parse('{ products { category } }'));

    expect(used).toContain('Category.BOOKS');
    expect(used).not.toContain('Unit.MM');
  });

  it('lists directives and their arguments', () => {
    const used = collectSchemaUsage(
      schema,
      parse('query ($all: Boolean!) { products @include(if: $all) { id } }'),
    );

    expect(used).toContain('@include');
    expect(used).toContain('@include(if:)');
  });

  it('follows fields inside fragments', () => {
    const used = collectSchemaUsage(
      schema,
      parse('{ products { ...Size } } fragment Size on Product { dimensions { widthMm } }'),
    );

    expect(used).toContain('Product.dimensions');
    expect(used).toContain('Dimensions.widthMm');
  });
});
