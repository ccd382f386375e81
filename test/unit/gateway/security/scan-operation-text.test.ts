import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { defaultOperationLimits } from '../../../../gateway/src/config/security-config.js';
import { measureOperation } from '../../../../gateway/src/security/measure-operation.js';
import {
  checkDocumentSize,
  checkOperationText,
  scanOperationText,
} from '../../../../gateway/src/security/scan-operation-text.js';

const nested = (levels: number) => `{${'related{'.repeat(levels)}id${'}'.repeat(levels)}}`;

describe('scanOperationText', () => {
  it('counts tokens as the graphql-js parser does (comments excluded)', () => {
    const text = '# a comment\n{ product(id: "1") { id } }';
    expect(scanOperationText(text).tokens).toBe(11);
    expect(() => parse(text, { maxTokens: 11 })).not.toThrow();
    expect(() => parse(text, { maxTokens: 10 })).toThrow(/more tha/);
  });

  it('measures bracket nesting of every kind', () => {
    expect(scanOperationText('{ a(x: [[[1]]]) }').nesting).toBe(5);
    expect(scanOperationText(nested(3)).nesting).toBe(4);
  });

  it('tells aliases from argument, variable and object-field colons', () => {
    const text = 'query($v: In = {k: 1}) { a: products(first: 2) { b: id } c(x: {y: {z: 1}}) }';
    expect(scanOperationText(text)).toMatchObject({ aliases: 2, fields: 3, rootFields: 2 });
  });

  it('does not count fragment names, type conditions or directives as fields', () => {
    const text =
      '{ ...F ... on Query @include(if: true) { tags } ... @skip(if: false) { tags } } fragment F on Query { tags }';
    expect(scanOperationText(text)).toMatchObject({ fields: 2, rootFields: 2 });
  });

  it('counts per definition and keeps the largest', () => {
    const text = 'query A { tags tags } query B { tags } fragment F on Query { tags tags tags }';
    expect(scanOperationText(text)).toMatchObject({ fields: 3, rootFields: 2 });
  });

  it("counts the aliases of a one-operation document's whole text, of a larger one's largest definition", () => {
    const fragments = 'fragment F on Query { f1: tags f2: tags } fragment G on Query { g1: tags }';
    expect(scanOperationText(`{ a: tags ...F ...G } ${fragments}`).aliases).toBe(4);
    expect(scanOperationText(`query A { a: tags ...F } query B { ...G } ${fragments}`).aliases).toBe(2);
  });

  it('reads a definition keyword used as a fragment name as a name', () => {
    const text = 'fragment query on Product { id } { product(id: 1) { ...query } }';
    expect(scanOperationText(text)).toMatchObject({ rootFields: 1, fields: 1 });
  });

  it('scans 100,000 levels of nesting without recursion', () => {
    expect(scanOperationText(nested(100_000)).nesting).toBe(100_001);
  });

  it('stops at a lexical error and leaves it to the parser', () => {
    expect(() => scanOperationText('{ a b "unterminated')).not.toThrow();
    expect(scanOperationText('{ a b "unterminated').fields).toBeGreaterThanOrEqual(1);
  });

  it('stops after the given number of tokens', () => {
    expect(scanOperationText('{ a b c d }', { stopAfterTokens: 3 })).toMatchObject({
      tokens: 4,
      truncated: true,
    });
  });

  it('never counts more than the parsed operation measures', () => {
    const documents = [
      '{ a: product(id: 1) { ...P related { b: id } } } fragment P on Product { c: name reviews(first: 2) { id } }',
      'query Q($n: Int = 2) { products(first: $n) @include(if: true) { ... on Product { id x: name } } tags }',
      '{ ...Roots } fragment Roots on Query { tags t: tags product(id: 1) { id } }',
      '{ productPage { items { related { related { id } } } totalCount } }',
      'fragment query on Product { id } { product(id: 1) { ...query } }',
      '{ a: product(id: 1) { ...F } b: product(id: 2) { ...F ...G } } fragment F on Product { c: id ...G } fragment G on Product { d: id }',
    ];
    for (const text of documents) {
      const scanned = scanOperationText(text);
      const measured = measureOperation(parse(text));
      expect(scanned.aliases, text).toBeLessThanOrEqual(measured.aliases);
      expect(scanned.fields, text).toBeLessThanOrEqual(measured.fields);
      expect(scanned.rootFields, text).toBeLessThanOrEqual(measured.rootFields);
    }
  });
});

describe('checkOperationText', () => {
  const limits = defaultOperationLimits;

  it('accepts an ordinary operation', () => {
    expect(checkOperationText('{ products(first: 10) { id name } }', limits)).toBeUndefined();
  });

  it('refuses a document over the byte limit, counting UTF-8 bytes', () => {
    const error = checkDocumentSize(`{ tags } # ${'é'.repeat(10)}`, { maxDocumentBytes: 20 });
    expect(error?.extensions).toMatchObject({ code: 'OPERATION_TOO_LARGE', limit: 20, measured: 31 });
  });

  it('refuses an operation nested 1,000 levels deep before parsing it', () => {
    const error = checkOperationText(nested(1_000), limits);
    expect(error?.extensions).toMatchObject({ code: 'OPERATION_TOO_DEEP', limit: 200, measured: 1_001 });
  });

  it('refuses deep inline-fragment nesting that holds no fields', () => {
    const text = `{ ${'... on Query { '.repeat(300)}tags${' }'.repeat(300)} }`;
    expect(checkOperationText(text, limits)?.extensions).toMatchObject({
      code: 'OPERATION_TOO_DEEP',
      measured: 301,
    });
  });

  it('refuses 10,000 aliases of one field', () => {
    const text = `{ ${'a: tags '.repeat(10_000)}}`;
    expect(checkOperationText(text, limits)?.extensions).toMatchObject({
      code: 'OPERATION_TOO_MANY_ALIASES',
      limit: 30,
      measured: 10_000,
    });
  });

  it('refuses 7,500 aliases written over 150 fragments before parsing', () => {
    const fragments = Array.from(
      { length: 150 },
      (_, f) => `fragment F${f} on Query { ${Array.from({ length: 50 }, (_, a) => `a${a}:tags`).join(' ')} }`,
    );
    const spreads = fragments.map((_, f) => `...F${f}`).join(' ');
    expect(checkOperationText(`{ ${spreads} } ${fragments.join(' ')}`, limits)?.extensions).toMatchObject({
      code: 'OPERATION_TOO_MANY_ALIASES',
      limit: 30,
      measured: 7_500,
    });
  });

  it('refuses thousands of root fields and of fields', () => {
    expect(checkOperationText(`{ ${'tags '.repeat(25)}}`, limits)?.extensions).toMatchObject({
      code: 'OPERATION_TOO_MANY_ROOT_FIELDS',
      measured: 25,
    });
    const wide = `{ product(id: 1) { ${'id '.repeat(2_000)}} }`;
    expect(checkOperationText(wide, limits)?.extensions).toMatchObject({
      code: 'OPERATION_TOO_MANY_FIELDS',
      measured: 2_001,
    });
  });

  it('refuses a document with more tokens than the limit', () => {
    const text = `{ product(id: 1) { id${' '.repeat(10)} } }`;
    const error = checkOperationText(text, { ...limits, maxTokens: 5 });
    expect(error?.extensions).toMatchObject({ code: 'OPERATION_TOO_LARGE', limit: 5, measured: 6 });
  });
});
