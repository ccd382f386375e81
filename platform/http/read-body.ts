import type { IncomingMessage } from 'node:http';

/** Why a request body could not be read; `status` is the HTTP status to answer with. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/**
 * Reads a request body up to `maxBytes`, refusing early from Content-Length and again while
 * streaming (a client may lie or send chunked), and giving up after `timeoutMs` so a client
 * that trickles its body cannot hold a connection forever.
 */
export function readBody(
  req: IncomingMessage,
  options: { maxBytes: number; timeoutMs: number },
): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    req.resume();
    return Promise.reject(
      new BodyError(413, `Request body of ${declared} bytes exceeds the limit of ${options.maxBytes}.`),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      fail(new BodyError(408, `Request body was not received within ${options.timeoutMs} ms.`));
    }, options.timeoutMs);
    const fail = (error: BodyError) => {
      cleanup();
      req.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBytes) {
        fail(new BodyError(413, `Request body exceeds the limit of ${options.maxBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) =>
      fail(new BodyError(400, `Request body could not be read: ${error.message}`));
    const cleanup = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
