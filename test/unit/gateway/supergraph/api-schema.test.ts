import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { buildASTSchema, type DocumentNode, parse, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaDocument, buildApiSchema } from '../../../../gateway/src/supergraph/api-schema.js';
import type { Federation } from '../../../helpers/federation-fixture.js';

const ROOT = join(import.meta.dirname, '../../../..');

const FIXTURES = join(ROOT, 'test/fixtures/federation');

/** Every fixture federation of the repository: each federation module's exports that can start. */
async function fixtureFederations(): Promise<Federation[]> {
  const federations: Federation[] = [];
  for (const folder of readdirSync(FIXTURES).sort()) {
    const file = join(FIXTURES, folder, 'federation.ts');
    if (!existsSync(file)) continue;
    const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (typeof (value as Partial<Federation>)?.start === 'function') federations.push(value as Federation);
    }
  }
  return federations;
}

const print = (document: DocumentNode) => printSchema(buildASTSchema(document));

describe('the API schema, against @theguild/federation-composition', () => {
  for (const file of ['schema/supergraph.graphql', 'bench/workloads/gateways-benchmark/supergraph.graphql']) {
    it(`is the same for ${file}`, () => {
      const supergraph = parse(readFileSync(join(ROOT, file), 'utf8'));
      expect(print(apiSchemaDocument(supergraph))).toBe(print(transformSupergraphToPublicSchema(supergraph)));
    });
  }

  it('is the same for the supergraph of every fixture federation', { timeout: 60_000 }, async () => {
    const federations = await fixtureFederations();
    expect(federations.length).toBeGreaterThanOrEqual(25);
    const compared: string[] = [];
    for (const federation of federations) {
      const running = await federation.start();
      try {
        const supergraph = parse(running.supergraphSdl);
        expect(print(apiSchemaDocument(supergraph)), federation.name).toBe(
          print(transformSupergraphToPublicSchema(supergraph)),
        );
        compared.push(federation.name);
      } finally {
        await running.close();
      }
    }
    expect(compared).toHaveLength(federations.length);
  });
});

const SUPERGRAPH_HEAD = `
  schema
    @link(url: "https://specs.apollo.dev/link/v1.0")
    @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION)
    LINKS
  { query: ROOT }
  directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
  directive @join__graph(name: String!, url: String!) on ENUM_VALUE
  directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
  directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, external: Boolean, override: String, usedOverridden: Boolean) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
  scalar join__FieldSet
  scalar link__Import
  enum link__Purpose { SECURITY EXECUTION }
  enum join__Graph { A @join__graph(name: "a", url: "http://a") }
`;

function supergraph(links: string, rest: string, root = 'Query'): DocumentNode {
  return parse(SUPERGRAPH_HEAD.replace('LINKS', links).replace('ROOT', root) + rest);
}

describe('the API schema, where the spec asks more than the common cases show', () => {
  it('hides elements marked with @inaccessible imported under another name', () => {
    const schema = buildApiSchema(
      supergraph(
        '@link(url: "https://specs.apollo.dev/inaccessible/v0.2", import: [{ name: "@inaccessible", as: "@hidden" }], for: SECURITY)',
        `directive @hidden on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION | ENUM_VALUE
         type Query @join__type(graph: A) { visible(limit: Int, secret: Int @hidden): Int, secret: Int @hidden }`,
      ),
      'test',
    );
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {})).toEqual(['visible']);
    expect(
      schema
        .getQueryType()
        ?.getFields()
        .visible?.args.map((argument) => argument.name),
    ).toEqual(['limit']);
    expect(schema.getDirective('hidden')).toBeUndefined();
  });

  it('takes an inaccessible object out of the unions and interfaces that name it', () => {
    const schema = buildApiSchema(
      supergraph(
        '@link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)',
        `directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
         interface Node @inaccessible { id: ID! }
         type Book implements Node { id: ID! }
         type Secret @inaccessible { id: ID! }
         union Item = Book | Secret
         type Query { item: Item }`,
      ),
      'test',
    );
    expect(printSchema(schema)).toContain('union Item = Book');
    expect(printSchema(schema)).toContain('type Book {');
    expect(schema.getType('Secret')).toBeUndefined();
  });

  it('keeps the root type names the supergraph gives', () => {
    const schema = buildApiSchema(supergraph('', 'type RootQuery { a: Int }', 'RootQuery'), 'test');
    expect(schema.getQueryType()?.name).toBe('RootQuery');
  });

  it('strips a renamed spec by its namespace, and keeps a feature linked from elsewhere', () => {
    const schema = buildApiSchema(
      supergraph(
        `@link(url: "https://specs.apollo.dev/tag/v0.3", as: "label")
         @link(url: "https://example.com/audit/v1.0", import: ["@audited"])`,
        `directive @label(name: String!) repeatable on FIELD_DEFINITION
         directive @audited on FIELD_DEFINITION
         type Query { a: Int @label(name: "x") @audited }`,
      ),
      'test',
    );
    expect(schema.getDirective('label')).toBeUndefined();
    expect(schema.getDirective('audited')).toBeDefined();
    expect(
      schema
        .getQueryType()
        ?.getFields()
        .a?.astNode?.directives?.map((d) => d.name.value),
    ).toEqual(['audited']);
  });
});
