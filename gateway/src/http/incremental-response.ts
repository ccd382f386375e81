import type { ServerResponse } from 'node:http';
import type { HTTPGraphQLResponse } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { IncrementalResult, SubsequentPayload } from '../executor/execute-incrementally.js';
import type { RequestRecord } from '../observability/access-log.js';
import { DEFER_SPEC, MultipartResponse } from './multipart-response.js';

/** Formats an error of a deferred payload as Apollo Server formats those of the first answer. */
export type DeferredErrorFormatter = (error: GraphQLError) => GraphQLFormattedError;

/**
 * Streams an answer with deferred parts as `multipart/mixed` (Apollo's `deferSpec=20220824`): the
 * first part is Apollo Server's own answer (admitted, executed and formatted like any other) with
 * `hasNext: true`, then one part per payload the executor yields, errors formatted the same way.
 * Stops (and ends the executor's stream) when the client goes away.
 */
export async function writeIncrementalResponse(
  res: ServerResponse,
  first: { response: HTTPGraphQLResponse; body: string },
  subsequent: AsyncGenerator<SubsequentPayload, void, undefined>,
  options: { formatError: DeferredErrorFormatter; record: RequestRecord },
): Promise<void> {
  const headers = [...first.response.headers].filter(
    ([name]) => name !== 'content-type' && name !== 'content-length',
  );
  const multipart = new MultipartResponse(res, {
    spec: DEFER_SPEC,
    status: first.response.status ?? 200,
    headers,
  });
  const initial = JSON.parse(first.body) as Record<string, unknown>;
  if (!(await multipart.writePart({ ...initial, hasNext: true }))) {
    await subsequent.return();
    return;
  }
  for await (const payload of subsequent) {
    const written = await multipart.writePart({
      incremental: payload.incremental.map((result) => formatted(result, options)),
      hasNext: payload.hasNext,
    });
    if (!written) return;
  }
  multipart.end();
}

function formatted(
  result: IncrementalResult,
  options: { formatError: DeferredErrorFormatter; record: RequestRecord },
): Record<string, unknown> {
  const errors = result.errors?.map((error) => options.formatError(error));
  for (const error of errors ?? []) {
    const code = error.extensions?.code;
    options.record.errorCodes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
  }
  return {
    data: result.data,
    path: result.path,
    ...(result.label !== undefined && { label: result.label }),
    ...(errors && { errors }),
  };
}
