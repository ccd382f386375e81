import { describe, expect, it } from 'vitest';
import type { GraphQLHttpResponse } from '../../helpers/graphql-over-http.js';
import { diffAgainstGroundTruth, diffAgainstOracle, diffAgainstSpec } from '../../helpers/response-diff.js';

const ok = (body: GraphQLHttpResponse['body']): GraphQLHttpResponse => ({ status: 200, body });

describe('diffAgainstOracle', () => {
  it('accepts identical responses', () => {
    const response = ok({ data: { a: [{ b: 1, c: null }] } });
    expect(diffAgainstOracle(response, structuredClone(response))).toEqual([]);
  });

  it('reports response keys in another order than the query', () => {
    expect(diffAgainstOracle(ok({ data: { a: 1, b: 2 } }), ok({ data: { b: 2, a: 1 } }))).toEqual([
      'data: keys in order b, a; expected a, b',
    ]);
  });

  it('reports missing and unexpected keys, values and list lengths by path', () => {
    const differences = diffAgainstOracle(
      ok({ data: { list: [{ x: 1 }, { x: 2 }], y: 'a', gone: true } }),
      ok({ data: { list: [{ x: 1 }, { x: 3 }], y: 'b', extra: 0 } }),
    );
    expect(differences).toEqual([
      'data: missing gone',
      'data: unexpected extra',
      'data.list[1].x: expected 2, got 3',
      'data.y: expected "a", got "b"',
    ]);
    expect(diffAgainstOracle(ok({ data: { l: [1] } }), ok({ data: { l: [1, 1] } }))).toEqual([
      'data.l: expected a list of 1, got 2',
    ]);
  });

  it('tells null data from absent data and compares the HTTP status', () => {
    expect(diffAgainstOracle(ok({ data: null }), { status: 400, body: {} })).toEqual([
      'HTTP status: expected 200, got 400',
      'data: expected the response to have `data`, it has none',
    ]);
  });

  it('compares errors by path and code in any order, and relayed messages', () => {
    const oracle = ok({
      data: { a: null, b: null },
      errors: [
        { message: 'gateway words', path: ['a', 0, 'x'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        { message: 'boom', path: ['b'], extensions: { code: 'BOOM', serviceName: 's1' } },
      ],
    });
    const reordered = ok({
      data: { a: null, b: null },
      errors: [
        { message: 'boom', path: ['b'], extensions: { code: 'BOOM', serviceName: 's1' } },
        { message: 'other words', path: ['a', 0, 'x'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ],
    });
    expect(diffAgainstOracle(oracle, reordered)).toEqual([]);

    const relayedDiffers = structuredClone(reordered);
    relayedDiffers.body.errors = [
      { message: 'bang', path: ['b'], extensions: { code: 'BOOM', serviceName: 's1' } },
      { message: 'x', path: ['a', 0, 'x'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ];
    expect(diffAgainstOracle(oracle, relayedDiffers)).toEqual([
      'errors: missing at ["b"], code BOOM, serviceName s1, message "boom"',
      'errors: unexpected at ["b"], code BOOM, serviceName s1, message "bang"',
    ]);
  });

  it('counts each error once: a duplicate is unexpected', () => {
    const error = { message: 'm', path: ['a'], extensions: { code: 'X' } };
    expect(
      diffAgainstOracle(ok({ data: {}, errors: [error] }), ok({ data: {}, errors: [error, error] })),
    ).toEqual(['errors: unexpected at ["a"], code X, message "m"']);
  });

  it('accepts concrete errors below an oracle error whose path holds "@" and "_entities"', () => {
    const oracle = ok({
      data: { users: null },
      errors: [
        {
          message: 'boom',
          path: ['users', '@', '_entities'],
          extensions: { code: 'BOOM', serviceName: 'b' },
        },
      ],
    });
    const concrete = (path: (string | number)[]) => ({
      message: 'boom',
      path,
      extensions: { code: 'BOOM', serviceName: 'b' },
    });
    expect(
      diffAgainstOracle(
        oracle,
        ok({ data: { users: null }, errors: [concrete(['users', 0, 'age']), concrete(['users', 2])] }),
      ),
    ).toEqual([]);
    expect(
      diffAgainstOracle(oracle, ok({ data: { users: null }, errors: [concrete(['users', '@', 'age'])] })),
    ).toEqual([
      'errors: missing at ["users","@"] (or below), code BOOM, serviceName b, message "boom"',
      'errors: unexpected at ["users","@","age"], code BOOM, serviceName b, message "boom"',
    ]);
  });
});

describe('diffAgainstSpec', () => {
  const spec = {
    section: '6.4.3',
    data: { user: null },
    errors: [{ path: ['user', 'name'] }],
  };

  it('accepts any code and message where the spec answer names none', () => {
    const response = ok({
      data: { user: null },
      errors: [{ message: 'any', path: ['user', 'name'], extensions: { code: 'Z' } }],
    });
    expect(diffAgainstSpec(spec, response)).toEqual([]);
  });

  it('requires every listed error and no other', () => {
    expect(diffAgainstSpec(spec, ok({ data: { user: null } }))).toEqual([
      'errors: missing at ["user","name"], code (none)',
    ]);
    expect(
      diffAgainstSpec(
        { ...spec, errors: [] },
        ok({ data: { user: null }, errors: [{ message: 'm', path: ['user'] }] }),
      ),
    ).toEqual(['errors: unexpected at ["user"], code (none), message "m"']);
  });
});

describe('diffAgainstGroundTruth', () => {
  it('compares data with key order, and errors by path alone', () => {
    const truth = ok({
      data: { a: null, b: [1] },
      errors: [{ message: 'Boom', path: ['a'] }],
    });
    const same = ok({
      data: { a: null, b: [1] },
      errors: [{ message: 'Other words', path: ['a'], extensions: { code: 'X', serviceName: 's' } }],
    });
    expect(diffAgainstGroundTruth(truth, same)).toEqual([]);
    expect(diffAgainstGroundTruth(truth, ok({ data: { b: [1], a: null } }))).toEqual([
      'data: keys in order b, a; expected a, b',
      'errors: missing at ["a"], code (none)',
    ]);
  });

  it('reports an error at another path', () => {
    const truth = ok({ data: { a: { b: null } }, errors: [{ message: 'Boom', path: ['a', 'b'] }] });
    const candidate = ok({ data: { a: { b: null } }, errors: [{ message: 'Boom', path: ['a'] }] });
    expect(diffAgainstGroundTruth(truth, candidate)).toEqual([
      'errors: missing at ["a","b"], code (none)',
      'errors: unexpected at ["a"], code (none), message "Boom"',
    ]);
  });
});
