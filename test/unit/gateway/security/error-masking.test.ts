import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { errorMasking } from '../../../../gateway/src/security/error-masking.js';
import { capturedLogger } from '../../../helpers/captured-logger.js';

function serve(mask: boolean) {
  const { log, lines } = capturedLogger();
  const masking = errorMasking<{ requestId?: string }>({ log, mask });
  const server = new ApolloServer<{ requestId?: string }>({
    typeDefs: 'type Query { broken: String expected: String }',
    resolvers: {
      Query: {
        broken: () => {
          throw new TypeError('cannot read secretKey of undefined');
        },
        expected: () => {
          throw new GraphQLError('No such product.', { extensions: { code: 'NOT_FOUND' } });
        },
      },
    },
    includeStacktraceInErrorResponses: !mask,
    formatError: masking.formatError,
    plugins: [masking.plugin],
  });
  return { server, lines };
}

describe('errorMasking', () => {
  const masked = serve(true);
  const unmasked = serve(false);
  afterAll(async () => {
    await Promise.all([masked.server.stop(), unmasked.server.stop()]);
  });

  it('answers an unexpected error with a correlation id only, and logs it under that id', async () => {
    const response = await masked.server.executeOperation(
      { query: '{ broken }' },
      { contextValue: { requestId: 'req-42' } },
    );
    expect(response.body).toMatchObject({
      singleResult: {
        errors: [
          {
            message: 'Internal server error (id: req-42)',
            path: ['broken'],
            extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' },
          },
        ],
      },
    });
    expect(JSON.stringify(response.body)).not.toContain('secretKey');
    const logged = masked.lines.find((line) => line.requestId === 'req-42');
    expect(logged).toMatchObject({ level: 50, err: { message: 'cannot read secretKey of undefined' } });
  });

  it('makes up an id when the request has none', async () => {
    const response = await masked.server.executeOperation({ query: '{ broken }' });
    const message =
      response.body.kind === 'single' ? response.body.singleResult.errors?.[0]?.message : undefined;
    expect(message).toMatch(/^Internal server error \(id: [0-9a-f-]{36}\)$/);
  });

  it('passes errors that carry a code on purpose through unchanged', async () => {
    const response = await masked.server.executeOperation({ query: '{ expected }' });
    expect(response.body).toMatchObject({
      singleResult: { errors: [{ message: 'No such product.', extensions: { code: 'NOT_FOUND' } }] },
    });
  });

  it('shows the real message and stack trace outside production, and still logs it', async () => {
    const response = await unmasked.server.executeOperation({ query: '{ broken }' });
    expect(response.body).toMatchObject({
      singleResult: {
        errors: [
          { message: 'cannot read secretKey of undefined', extensions: { stacktrace: expect.any(Array) } },
        ],
      },
    });
    expect(unmasked.lines.some((line) => line.level === 50)).toBe(true);
  });

  it('gives an expected error no stack trace, even outside production', async () => {
    const response = await unmasked.server.executeOperation({ query: '{ expected }' });
    expect(response.body).toMatchObject({
      singleResult: { errors: [{ message: 'No such product.', extensions: { code: 'NOT_FOUND' } }] },
    });
    const [error] = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
    expect(error?.extensions).toEqual({ code: 'NOT_FOUND' });
  });
});
