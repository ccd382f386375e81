import type { GraphQLError } from 'graphql';
import { UNSUPPORTED_MEDIA_TYPE } from '../errors.js';
import { checkRecurringOperationText } from './accepted-operation-texts.js';
import { checkBatch } from './batch-requests.js';
import type { OperationLimits } from './operation-limits.js';
import type { Refusal } from './refusal.js';
import { checkDocumentSize } from './scan-operation-text.js';
import { checkTrustedDocument, type TrustedDocumentsPolicy } from './trusted-documents.js';
import { checkVariables } from './variables-guard.js';

/** The parts of an HTTP GraphQL request the screen reads: what the host hands Apollo Server. */
export interface ScreenedRequest {
  method: string;
  /** The URL's query string, `?query=...&variables=...` for GET. */
  search: string;
  /** The JSON-parsed POST body, or undefined. */
  body: unknown;
}

/** What the screen enforces. */
export interface ScreenSettings {
  limits: OperationLimits;
  /** Most operations in a batched (array) body; 0 refuses batches. */
  maxBatchSize: number;
  /** In `enforce` mode, text that is not a trusted document is refused (HTTP 403) before parsing. */
  trustedDocuments?: TrustedDocumentsPolicy;
}

/**
 * The gate before Apollo Server: batch size, then for each operation its text size, trust (in
 * `enforce` mode), the raw-text limits (`checkOperationText`, remembering the texts it accepted)
 * and the variables guard. Nothing here parses GraphQL, so deep or huge documents never reach the
 * recursive parser. Returns a refusal (HTTP 400, or 403 for an untrusted document) or undefined.
 */
export function screenGraphQLRequest(
  request: ScreenedRequest,
  settings: ScreenSettings,
): Refusal | undefined {
  const tooMany = checkBatch(request.body, settings.maxBatchSize);
  if (tooMany) return tooMany;
  for (const operation of operationsOf(request)) {
    const refusal = screenOperation(operation, settings);
    if (refusal) return refusal;
  }
  return undefined;
}

function screenOperation(operation: RawOperation, settings: ScreenSettings): Refusal | undefined {
  if (typeof operation.query === 'string') {
    const tooLarge = checkDocumentSize(operation.query, settings.limits);
    if (tooLarge) return refuse(tooLarge);
    if (settings.trustedDocuments) {
      const untrusted = checkTrustedDocument(settings.trustedDocuments, operation.query);
      if (untrusted) return untrusted;
    }
    const overLimit = checkRecurringOperationText(operation.query, settings.limits);
    if (overLimit) return refuse(overLimit);
  }
  const badVariables = checkVariables(operation.variables, settings.limits);
  return badVariables ? refuse(badVariables) : undefined;
}

/**
 * Refuses a POST whose Content-Type is not JSON (`application/json` or
 * `application/graphql-response+json`) with HTTP 415, before its body is read.
 */
export function checkContentType(method: string, contentType: string | undefined): Refusal | undefined {
  if (method !== 'POST') return undefined;
  const essence = contentType?.split(';')[0]?.trim().toLowerCase();
  if (essence === 'application/json' || essence === 'application/graphql-response+json') return undefined;
  const got = contentType === undefined ? 'no Content-Type' : `Content-Type ${JSON.stringify(contentType)}`;
  return {
    status: 415,
    error: UNSUPPORTED_MEDIA_TYPE.err(`A GraphQL POST body must be application/json; got ${got}.`),
  };
}

interface RawOperation {
  query?: unknown;
  variables?: unknown;
}

function operationsOf(request: ScreenedRequest): RawOperation[] {
  if (request.method === 'GET') {
    const params = new URLSearchParams(request.search);
    return [{ query: params.get('query') ?? undefined, variables: parseJson(params.get('variables')) }];
  }
  const pieces = Array.isArray(request.body) ? request.body : [request.body];
  return pieces.filter((piece): piece is RawOperation => piece !== null && typeof piece === 'object');
}

/** Apollo Server reports malformed variables itself; the screen only needs them when they parse. */
function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function refuse(error: GraphQLError): Refusal {
  return { status: 400, error };
}
