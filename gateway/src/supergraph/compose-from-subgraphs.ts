import { signatureHeaderFor } from '../../../platform/signing/signature-header.js';
import { composeSupergraph } from './compose.js';
import { SupergraphError } from './supergraph-error.js';

const SERVICE_QUERY = JSON.stringify({ query: '{ _service { sdl } }' });

/**
 * Development mode: fetches each subgraph's `_service { sdl }` (each request bounded by
 * `timeoutMs`, and signed with `signingSecret` when given, like every other subgraph request) and
 * composes them in memory. An unreachable subgraph or a composition error throws a
 * SupergraphError naming the subgraph and the problem.
 */
export async function composeFromSubgraphs(
  subgraphs: readonly { name: string; url: string }[],
  options: { timeoutMs: number; signingSecret?: string },
): Promise<string> {
  const sources = await Promise.all(
    subgraphs.map(async (subgraph) => ({ ...subgraph, sdl: await fetchSdl(subgraph, options) })),
  );
  const outcome = composeSupergraph(sources);
  if (!outcome.ok) {
    const problems = outcome.problems.map((problem) => {
      const where = problem.subgraphs.length > 0 ? ` [${problem.subgraphs.join(', ')}]` : '';
      return `${problem.code}${where}: ${problem.message}`;
    });
    throw new SupergraphError(
      'composed from SUBGRAPH_URLS',
      `composition failed:\n  ${problems.join('\n  ')}`,
    );
  }
  return outcome.supergraphSdl;
}

async function fetchSdl(
  subgraph: { name: string; url: string },
  options: { timeoutMs: number; signingSecret?: string },
): Promise<string> {
  const { timeoutMs, signingSecret } = options;
  const source = `subgraph "${subgraph.name}" (${subgraph.url})`;
  let response: Response;
  try {
    response = await fetch(subgraph.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'apollo-require-preflight': 'true',
        ...(signingSecret && signatureHeaderFor('POST', subgraph.url, SERVICE_QUERY, signingSecret)),
      },
      body: SERVICE_QUERY,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : `unreachable (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message})`;
    throw new SupergraphError(source, reason);
  }
  let body: { data?: { _service?: { sdl?: unknown } }; errors?: { message: string }[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new SupergraphError(source, `answered HTTP ${response.status} without a JSON body`);
  }
  const sdl = body.data?._service?.sdl;
  if (typeof sdl !== 'string') {
    const reason = body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`;
    throw new SupergraphError(source, `did not return _service { sdl }: ${reason}`);
  }
  return sdl;
}
