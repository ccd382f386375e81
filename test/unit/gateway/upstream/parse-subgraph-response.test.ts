import { describe, expect, it } from 'vitest';
import { parseSubgraphResponse } from '../../../../gateway/src/upstream/parse-subgraph-response.js';

const parse = parseSubgraphResponse;

describe('parseSubgraphResponse', () => {
  it('accepts data, errors and extensions', () => {
    expect(parse('{"data":{"a":1},"errors":[{"message":"x","path":["a"]}],"extensions":{"t":1}}')).toEqual({
      ok: true,
      response: { data: { a: 1 }, errors: [{ message: 'x', path: ['a'] }], extensions: { t: 1 } },
    });
  });

  it('accepts null data next to errors', () => {
    expect(parse('{"data":null,"errors":[{"message":"x"}]}')).toMatchObject({ ok: true });
  });

  it.each([
    ['not JSON', '{"data":'],
    ['not an object', '[1,2]'],
    ['neither data nor errors', '{"result":1}'],
    ['data of the wrong type', '{"data":[1]}'],
    ['errors that are not a list', '{"errors":{"message":"x"}}'],
    ['errors without a message', '{"errors":[{"msg":"x"}]}'],
    ['extensions of the wrong type', '{"data":{},"extensions":3}'],
  ])('rejects a body with %s', (_, text) => {
    expect(parse(text)).toMatchObject({ ok: false, reason: expect.any(String) });
  });
});
