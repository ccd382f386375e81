import { Agent, request } from 'undici';
import { signatureHeaderFor } from '../../platform/signing/signature-header.js';
import { InputError } from './input-error.js';

/** How long a subgraph may take to answer `_service { sdl }` unless the caller says otherwise. */
export const DEFAULT_FETCH_TIMEOUT_MS = 5_000;

const SERVICE_QUERY = JSON.stringify({ query: '{ _service { sdl } }' });
const MAX_BODY_CHARS = 10_000_000;

/**
 * Asks a running subgraph for its SDL with `{ _service { sdl } }`, giving up after `timeoutMs`
 * (connecting, waiting and reading the body all count). Every failure is an InputError that says
 * what happened: refused, no answer in time, an HTTP error, not JSON, not a federation subgraph.
 * The request is signed, as the gateway signs its own, with `signingSecret` (by default
 * SUBGRAPH_SIGNING_SECRET from the environment) so subgraphs that verify signatures answer it.
 */
export async function fetchSubgraphSdl(
  url: string,
  options: { timeoutMs?: number; signingSecret?: string } = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const secret = options.signingSecret ?? (process.env.SUBGRAPH_SIGNING_SECRET || undefined);
  const signal = AbortSignal.timeout(timeoutMs);
  // A private agent, destroyed afterwards, so no keep-alive socket holds the process open.
  const agent = new Agent({ connect: { timeout: timeoutMs } });
  try {
    const response = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(secret && signatureHeaderFor('POST', url, SERVICE_QUERY, secret)),
      },
      body: SERVICE_QUERY,
      signal,
      dispatcher: agent,
    });
    const body = await response.body.text();
    if (response.statusCode < 200 || response.statusCode > 299) {
      const hint =
        response.statusCode === 401
          ? secret
            ? ' (is SUBGRAPH_SIGNING_SECRET the secret this subgraph accepts?)'
            : ' (it verifies request signatures: set SUBGRAPH_SIGNING_SECRET to its secret)'
          : '';
      throw new InputError(`${url} answered HTTP ${response.statusCode}${hint}: ${excerpt(body)}`);
    }
    return sdlFromBody(url, body);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (signal.aborted) throw new InputError(`${url} did not answer within ${timeoutMs} ms.`);
    throw new InputError(`Cannot reach ${url}: ${describeNetworkError(error)}.`);
  } finally {
    agent.destroy().catch(() => {});
  }
}

function sdlFromBody(url: string, body: string): string {
  if (body.length > MAX_BODY_CHARS) throw new InputError(`${url} answered with more than 10 MB.`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InputError(`${url} did not answer with JSON: ${excerpt(body)}`);
  }
  const answer = json as { data?: { _service?: { sdl?: unknown } }; errors?: { message?: unknown }[] };
  const sdl = answer?.data?._service?.sdl;
  if (typeof sdl === 'string') return sdl;
  if (Array.isArray(answer?.errors) && answer.errors.length > 0) {
    const messages = answer.errors.map((error) => String(error?.message)).join('; ');
    throw new InputError(`${url} answered \`_service { sdl }\` with errors: ${messages}`);
  }
  throw new InputError(`${url} is not a federation subgraph: its answer has no \`_service.sdl\`.`);
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const code = (cause as { code?: unknown })?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is the subgraph running?)';
  if (code === 'ENOTFOUND') return 'host not found';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'connection timed out';
  const message = (cause as Error)?.message ?? String(cause);
  return typeof code === 'string' ? `${message} (${code})` : message;
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}...` : line || '(empty body)';
}
