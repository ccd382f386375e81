import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as it arrived over OTLP/HTTP, its attributes flattened to plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  /** The instrumentation scope the span was recorded under. */
  scope: string;
  /** The resource attributes of the process that sent it. */
  resource: Record<string, string | number | boolean>;
}

/** A minimal OTLP/HTTP trace receiver on 127.0.0.1: `POST /v1/traces` with the JSON encoding. */
export interface OtlpReceiver {
  /** The base URL, for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends `/v1/traces`). */
  readonly endpoint: string;
  /** Every span received so far. */
  readonly spans: readonly ReceivedSpan[];
  /** Requests it could not take, with why (wrong path, content type or body). */
  readonly refused: readonly string[];
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}
interface OtlpJsonTraces {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpKeyValue[];
      }[];
    }[];
  }[];
}

/**
 * Starts the receiver. It takes only what the gateway's exporter sends (OTLP/HTTP JSON, the
 * encoding of @opentelemetry/exporter-trace-otlp-http) and answers other requests with 400 or 404,
 * noting them in `refused` so a test can tell a wrong protocol from no spans at all.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const refused: string[] = [];
  const server = createServer((req, res) => {
    receive(req, res, spans, refused).catch((error: unknown) => {
      refused.push(`${req.method} ${req.url}: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(400).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    refused,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function receive(
  req: IncomingMessage,
  res: ServerResponse,
  spans: ReceivedSpan[],
  refused: string[],
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (req.method !== 'POST' || req.url !== '/v1/traces') {
    refused.push(`${req.method} ${req.url}: not POST /v1/traces`);
    res.writeHead(404).end();
    return;
  }
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    refused.push(`content type ${type}: this receiver takes the OTLP JSON encoding only`);
    res.writeHead(415).end();
    return;
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJsonTraces;
  for (const resourceSpans of body.resourceSpans ?? []) {
    const resource = flatten(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        spans.push({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId ?? '',
          name: span.name,
          kind: span.kind,
          attributes: flatten(span.attributes),
          scope: scopeSpans.scope?.name ?? '',
          resource,
        });
      }
    }
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
}

function flatten(attributes: OtlpKeyValue[] = []): Record<string, string | number | boolean> {
  return Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ??
        (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
        value.doubleValue ??
        value.boolValue ??
        '',
    ]),
  );
}
