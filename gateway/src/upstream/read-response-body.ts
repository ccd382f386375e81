import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** How much of a body a ResponseBodyError keeps: enough for a log snippet, never the whole body. */
export const RECEIVED_HEAD_BYTES = 4_096;

/** Why a response body could not be read in full; `kind` says which limit or fault it hit. */
export class ResponseBodyError extends Error {
  constructor(
    readonly kind: 'too-large' | 'unsupported-encoding' | 'corrupt-encoding' | 'interrupted',
    message: string,
    /** The first bytes that did arrive (at most RECEIVED_HEAD_BYTES). */
    readonly received: Buffer,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ResponseBodyError';
  }
}

/**
 * Reads a response body into one buffer, gunzipping when `content-encoding` says so, and stops
 * reading (destroying the stream, which closes the connection) as soon as the raw or decoded bytes
 * pass `maxBytes`, so a huge or endless answer, or a small zip bomb, cannot exhaust memory: at
 * most `maxBytes` and one chunk are read. A failure keeps only the head of what arrived.
 */
export async function readResponseBody(
  body: Readable,
  options: { contentEncoding?: string | string[]; contentLength?: string | string[]; maxBytes: number },
): Promise<Buffer> {
  const { maxBytes } = options;
  const encoding = headerValue(options.contentEncoding)?.trim().toLowerCase() || 'identity';
  const declared = Number(headerValue(options.contentLength));
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(body);
    throw new ResponseBodyError(
      'too-large',
      `response body of ${declared} bytes exceeds the limit of ${maxBytes}`,
      Buffer.alloc(0),
    );
  }
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
    discard(body);
    throw new ResponseBodyError(
      'unsupported-encoding',
      `unsupported content-encoding ${JSON.stringify(encoding)}`,
      Buffer.alloc(0),
    );
  }
  const source = encoding === 'identity' ? body : gunzipped(body, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > maxBytes) {
        chunks.push(buffer.subarray(0, Math.max(0, maxBytes - (size - buffer.length))));
        throw new ResponseBodyError(
          'too-large',
          `response body exceeds the limit of ${maxBytes} bytes`,
          headOf(chunks),
        );
      }
      chunks.push(buffer);
    }
  } catch (error) {
    discard(body);
    discard(source);
    if (error instanceof ResponseBodyError) throw error;
    const received = headOf(chunks);
    const arrived = chunks.reduce((total, chunk) => total + chunk.length, 0);
    if (isZlibError(error)) {
      throw new ResponseBodyError(
        'corrupt-encoding',
        `gzip body is corrupt: ${(error as Error).message}`,
        received,
        {
          cause: error,
        },
      );
    }
    throw new ResponseBodyError(
      'interrupted',
      `response body was cut off after ${arrived} bytes: ${(error as Error).message}`,
      received,
      { cause: error },
    );
  }
  // Most subgraph answers arrive in one chunk: no copy then.
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}

/**
 * Stops reading a stream and closes its connection. undici's body emits an abort error when
 * destroyed, which with no listener would be thrown out of the process: it is expected here.
 */
function discard(stream: Readable): void {
  stream.on('error', () => {});
  stream.destroy();
}

/** The first RECEIVED_HEAD_BYTES of `chunks`, copied so the rest can be collected. */
function headOf(chunks: readonly Buffer[]): Buffer {
  const head: Buffer[] = [];
  let size = 0;
  for (const chunk of chunks) {
    if (size >= RECEIVED_HEAD_BYTES) break;
    const part = chunk.subarray(0, RECEIVED_HEAD_BYTES - size);
    head.push(part);
    size += part.length;
  }
  return Buffer.from(Buffer.concat(head, size));
}

function gunzipped(body: Readable, maxBytes: number): Readable {
  let compressed = 0;
  const gunzip = createGunzip();
  body.on('data', (chunk: Buffer) => {
    compressed += chunk.length;
    if (compressed > maxBytes) {
      gunzip.destroy(
        new ResponseBodyError(
          'too-large',
          `response body exceeds the limit of ${maxBytes} bytes`,
          Buffer.alloc(0),
        ),
      );
    }
  });
  body.on('error', (error) => gunzip.destroy(error));
  body.pipe(gunzip);
  return gunzip;
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
