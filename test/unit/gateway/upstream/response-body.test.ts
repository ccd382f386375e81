import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  RECEIVED_HEAD_BYTES,
  ResponseBody,
  ResponseBodyError,
  type ResponseBodyOptions,
} from '../../../../gateway/src/upstream/response-body.js';

/** The body of `parts` as an exchange feeds it: chunk by chunk, then the end. */
async function read(options: ResponseBodyOptions, ...parts: (string | Buffer)[]): Promise<Buffer> {
  const body = new ResponseBody(options);
  for (const part of parts) body.push(typeof part === 'string' ? Buffer.from(part) : part);
  return body.end();
}

async function failure(reading: () => Promise<unknown>): Promise<ResponseBodyError> {
  const error = await reading().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ResponseBodyError))
    throw new Error(`expected a ResponseBodyError, got ${String(error)}`);
  return error;
}

describe('ResponseBody', () => {
  it('joins the chunks of a plain body', async () => {
    const body = await read({ maxBytes: 100 }, '{"data"', ':{}}');

    expect(body.toString()).toBe('{"data":{}}');
  });

  it('hands back a body of one chunk as it came, without a copy', async () => {
    const chunk = Buffer.from('{"data":{}}');
    const body = new ResponseBody({ maxBytes: 100 });
    body.push(chunk);

    expect(await body.end()).toBe(chunk);
  });

  it('gunzips a gzip body', async () => {
    const body = await read({ contentEncoding: 'gzip', maxBytes: 100 }, gzipSync('{"data":{}}'));

    expect(body.toString()).toBe('{"data":{}}');
  });

  it('refuses a declared content-length over the limit before reading', async () => {
    const error = await failure(async () => new ResponseBody({ contentLength: '1000', maxBytes: 100 }));

    expect(error.kind).toBe('too-large');
  });

  it('stops at a body that grows past the limit, keeping the bytes up to it', async () => {
    const error = await failure(() => read({ maxBytes: 100 }, 'a'.repeat(60), 'b'.repeat(60)));

    expect(error.kind).toBe('too-large');
    expect(error.received.toString()).toBe(`${'a'.repeat(60)}${'b'.repeat(40)}`);
  });

  it('keeps only the head of a large body in the error, not everything read', async () => {
    const error = await failure(() =>
      read({ maxBytes: 1_000_000 }, 'a'.repeat(600_000), 'b'.repeat(600_000)),
    );

    expect(error.kind).toBe('too-large');
    expect(error.received).toHaveLength(RECEIVED_HEAD_BYTES);
    expect(error.received.toString()).toBe('a'.repeat(RECEIVED_HEAD_BYTES));
  });

  it('limits the compressed size of a gzip body as it arrives', async () => {
    const error = await failure(() =>
      read({ contentEncoding: 'gzip', maxBytes: 100 }, Buffer.alloc(60), Buffer.alloc(60)),
    );

    expect(error.kind).toBe('too-large');
  });

  it('limits the decoded size of a gzip body, not just its compressed size', async () => {
    const bomb = gzipSync(Buffer.alloc(1_000_000));
    const error = await failure(() => read({ contentEncoding: 'gzip', maxBytes: 10_000 }, bomb));

    expect(bomb.length).toBeLessThan(10_000);
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('decompressed');
  });

  it('accepts a gzip body that decodes to exactly the limit', async () => {
    const body = await read({ contentEncoding: 'x-gzip', maxBytes: 10_000 }, gzipSync(Buffer.alloc(10_000)));

    expect(body).toHaveLength(10_000);
  });

  it('reports a corrupt gzip body', async () => {
    const error = await failure(() => read({ contentEncoding: 'gzip', maxBytes: 100 }, 'not gzip at all'));

    expect(error.kind).toBe('corrupt-encoding');
  });

  it('refuses an encoding it did not ask for', async () => {
    const error = await failure(async () => new ResponseBody({ contentEncoding: 'br', maxBytes: 100 }));

    expect(error.kind).toBe('unsupported-encoding');
  });

  it('reports a body cut off mid-way with the bytes that did arrive', () => {
    const body = new ResponseBody({ maxBytes: 100 });
    body.push(Buffer.from('{"data":{"na'));

    const error = body.interrupted(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));

    expect(error.kind).toBe('interrupted');
    expect(error.message).toBe('response body was cut off after 12 bytes: other side closed');
    expect(error.received.toString()).toBe('{"data":{"na');
  });
});
