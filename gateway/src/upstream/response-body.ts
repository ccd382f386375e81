import { gunzip } from 'node:zlib';

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

/** What the response's headers say of its body, and the largest body accepted. */
export interface ResponseBodyOptions {
  readonly contentEncoding?: string | string[];
  readonly contentLength?: string | string[];
  readonly maxBytes: number;
}

/**
 * One response body, gathered chunk by chunk as it arrives: its creator stops reading (closing
 * the connection) as soon as `push` throws, so a huge or endless answer cannot exhaust memory: at
 * most `maxBytes` and one chunk are held. A gzip body is limited twice, compressed as it arrives
 * and decoded as it is inflated, so a small zip bomb is refused too. Errors keep only the head of
 * what arrived.
 */
export class ResponseBody {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private readonly gzip: boolean;
  private readonly maxBytes: number;

  /**
   * Throws a ResponseBodyError when the headers alone rule the body out: a declared length over
   * the limit, or an encoding other than identity and gzip (the only one the gateway asks for).
   */
  constructor(options: ResponseBodyOptions) {
    this.maxBytes = options.maxBytes;
    const encoding = headerValue(options.contentEncoding)?.trim().toLowerCase() || 'identity';
    const declared = Number(headerValue(options.contentLength));
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      throw new ResponseBodyError(
        'too-large',
        `response body of ${declared} bytes exceeds the limit of ${this.maxBytes}`,
        Buffer.alloc(0),
      );
    }
    if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
      throw new ResponseBodyError(
        'unsupported-encoding',
        `unsupported content-encoding ${JSON.stringify(encoding)}`,
        Buffer.alloc(0),
      );
    }
    this.gzip = encoding !== 'identity';
  }

  /** Adds a chunk; throws a ResponseBodyError once the body passes the limit. */
  push(chunk: Buffer): void {
    const before = this.size;
    this.size += chunk.length;
    if (this.size <= this.maxBytes) {
      this.chunks.push(chunk);
      return;
    }
    // The compressed bytes are not worth showing; plain ones up to the limit are.
    if (!this.gzip) this.chunks.push(chunk.subarray(0, this.maxBytes - before));
    throw new ResponseBodyError(
      'too-large',
      `response body exceeds the limit of ${this.maxBytes} bytes`,
      this.gzip ? Buffer.alloc(0) : this.head(),
    );
  }

  /** The whole body, decoded; rejects with a ResponseBodyError for a corrupt or too large gzip body. */
  end(): Promise<Buffer> | Buffer {
    // Most subgraph answers arrive in one chunk: no copy then.
    const raw = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    return this.gzip ? this.inflate(raw) : raw;
  }

  /** The error for a body cut off by `cause` (a reset connection, a body timeout). */
  interrupted(cause: unknown): ResponseBodyError {
    return new ResponseBodyError(
      'interrupted',
      `response body was cut off after ${this.size} bytes: ${(cause as Error)?.message ?? String(cause)}`,
      this.head(),
      { cause },
    );
  }

  private inflate(compressed: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      // zlib stops inflating at maxOutputLength: never more than the limit is held decoded.
      gunzip(compressed, { maxOutputLength: this.maxBytes }, (error, decoded) => {
        if (!error) return resolve(decoded);
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          reject(
            new ResponseBodyError(
              'too-large',
              `response body exceeds the limit of ${this.maxBytes} bytes once decompressed`,
              Buffer.alloc(0),
              { cause: error },
            ),
          );
          return;
        }
        reject(
          new ResponseBodyError(
            'corrupt-encoding',
            `gzip body is corrupt: ${error.message}`,
            Buffer.alloc(0),
            {
              cause: error,
            },
          ),
        );
      });
    });
  }

  /** The first RECEIVED_HEAD_BYTES of what arrived, copied so the rest can be collected. */
  private head(): Buffer {
    const head: Buffer[] = [];
    let size = 0;
    for (const chunk of this.chunks) {
      if (size >= RECEIVED_HEAD_BYTES) break;
      const part = chunk.subarray(0, RECEIVED_HEAD_BYTES - size);
      head.push(part);
      size += part.length;
    }
    return Buffer.from(Buffer.concat(head, size));
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
