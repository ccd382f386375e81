import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  RECEIVED_HEAD_BYTES,
  ResponseBodyError,
  readResponseBody,
} from '../../../../gateway/src/upstream/read-response-body.js';

function chunks(...parts: (string | Buffer)[]): Readable {
  return Readable.from(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
}

function failing(first: string): Readable {
  return new Readable({
    read() {
      this.push(Buffer.from(first));
      this.destroy(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    },
  });
}

async function failure(read: Promise<unknown>): Promise<ResponseBodyError> {
  const error = await read.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ResponseBodyError))
    throw new Error(`expected a ResponseBodyError, got ${String(error)}`);
  return error;
}

describe('readResponseBody', () => {
  it('joins the chunks of a plain body', async () => {
    const body = await readResponseBody(chunks('{"data"', ':{}}'), { maxBytes: 100 });

    expect(body.toString()).toBe('{"data":{}}');
  });

  it('gunzips a gzip body', async () => {
    const body = await readResponseBody(chunks(gzipSync('{"data":{}}')), {
      contentEncoding: 'gzip',
      maxBytes: 100,
    });

    expect(body.toString()).toBe('{"data":{}}');
  });

  it('refuses a declared content-length over the limit before reading', async () => {
    const error = await failure(readResponseBody(chunks('x'), { contentLength: '1000', maxBytes: 100 }));

    expect(error.kind).toBe('too-large');
  });

  it('closes a refused body without an unhandled error, though it emits one when destroyed (as undici bodies do)', async () => {
    const body = new Readable({
      read() {},
      destroy(error, callback) {
        callback(error ?? new Error('Request aborted'));
      },
    });

    const error = await failure(readResponseBody(body, { contentLength: '1000', maxBytes: 100 }));
    await new Promise((resolve) => setImmediate(resolve));

    expect(error.kind).toBe('too-large');
    expect(body.destroyed).toBe(true);
  });

  it('stops reading a body that grows past the limit, keeping the bytes up to it', async () => {
    const error = await failure(readResponseBody(chunks('a'.repeat(60), 'b'.repeat(60)), { maxBytes: 100 }));

    expect(error.kind).toBe('too-large');
    expect(error.received).toHaveLength(100);
  });

  it('keeps only the head of a large body in the error, not everything read', async () => {
    const error = await failure(
      readResponseBody(chunks('a'.repeat(600_000), 'b'.repeat(600_000)), { maxBytes: 1_000_000 }),
    );

    expect(error.kind).toBe('too-large');
    expect(error.received).toHaveLength(RECEIVED_HEAD_BYTES);
    expect(error.received.toString()).toBe('a'.repeat(RECEIVED_HEAD_BYTES));
  });

  it('limits the decoded size of a gzip body, not just its compressed size', async () => {
    const bomb = gzipSync(Buffer.alloc(1_000_000));
    const error = await failure(
      readResponseBody(chunks(bomb), { contentEncoding: 'gzip', maxBytes: 10_000 }),
    );

    expect(bomb.length).toBeLessThan(10_000);
    expect(error.kind).toBe('too-large');
  });

  it('reports a corrupt gzip body', async () => {
    const error = await failure(
      readResponseBody(chunks('not gzip at all'), { contentEncoding: 'gzip', maxBytes: 100 }),
    );

    expect(error.kind).toBe('corrupt-encoding');
  });

  it('refuses an encoding it did not ask for', async () => {
    const error = await failure(readResponseBody(chunks('x'), { contentEncoding: 'br', maxBytes: 100 }));

    expect(error.kind).toBe('unsupported-encoding');
  });

  it('reports a body cut off mid-way with the bytes that did arrive', async () => {
    const error = await failure(readResponseBody(failing('{"data":{"na'), { maxBytes: 100 }));

    expect(error.kind).toBe('interrupted');
    expect(error.received.toString()).toBe('{"data":{"na');
  });
});
