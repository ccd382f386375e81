import { describe, expect, it } from 'vitest';
import { chunkEntitySets } from '../../../../gateway/src/executor/entity-loader.js';

const set = (name: string, size: number) => ({
  name,
  entities: Array.from({ length: size }, (_, i) => `${name}${i}`),
});

const shape = (chunks: ReturnType<typeof chunkEntitySets<ReturnType<typeof set>>>) =>
  chunks.map((chunk) => chunk.map((part) => `${part.name}:${part.entities.length}`));

describe('chunkEntitySets', () => {
  it('keeps sets within the limit in one request', () => {
    expect(shape(chunkEntitySets([set('a', 3), set('b', 2)], 5))).toEqual([['a:3', 'b:2']]);
  });

  it('splits larger batches into requests of at most the limit, a set continuing in the next', () => {
    const chunks = chunkEntitySets([set('a', 7), set('b', 4)], 5);

    expect(shape(chunks)).toEqual([['a:5'], ['a:2', 'b:3'], ['b:1']]);
    expect(chunks[1]?.[0]?.entities).toEqual(['a5', 'a6']);
  });
});
