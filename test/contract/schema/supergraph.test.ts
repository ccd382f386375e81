import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { buildASTSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSchemaDirectory } from '../../../scripts/schema-check/compose-schema-directory.js';
import { diffApiSchemas } from '../../../scripts/schema-check/diff-api-schemas.js';

const schemaDir = join(import.meta.dirname, '../../../schema');
const committed = readFileSync(join(schemaDir, 'supergraph.graphql'), 'utf8');

describe('schema/supergraph.graphql', () => {
  it('is exactly a fresh composition of the committed subgraph SDLs', async () => {
    const outcome = await composeSchemaDirectory(schemaDir);

    expect(outcome.ok ? [] : outcome.problems).toEqual([]);
    if (outcome.ok) {
      expect(committed, 'the subgraph SDLs changed: run `npm run schema:compose` and commit schema/').toBe(
        outcome.supergraphSdl,
      );
    }
  });

  it('routes each subgraph to the URL schema/subgraphs.json gives it', () => {
    expect(committed).toContain('@join__graph(name: "product", url: "http://localhost:4001/graphql")');
    expect(committed).toContain('@join__graph(name: "inventory", url: "http://localhost:4002/graphql")');
    expect(committed).toContain('@join__graph(name: "pricing", url: "http://localhost:4003/graphql")');
  });

  it('has the API schema that composition reports, so checks compare like with like', async () => {
    const outcome = await composeSchemaDirectory(schemaDir);
    if (!outcome.ok) throw new Error('composition failed');
    const fromFile = buildASTSchema(transformSupergraphToPublicSchema(parse(committed)));
    const fromComposition = buildASTSchema(parse(outcome.apiSdl));

    expect(diffApiSchemas(fromFile, fromComposition)).toEqual([]);
  });
});
