import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptsMultipart,
  DEFER_SPEC,
  MultipartResponse,
} from '../../../gateway/src/http/multipart-response.js';

describe('acceptsMultipart', () => {
  it('takes multipart/mixed with the spec asked for, in any position and spacing', () => {
    expect(acceptsMultipart('multipart/mixed;deferSpec=20220824,application/json', DEFER_SPEC)).toBe(true);
    expect(acceptsMultipart('application/json, multipart/mixed; deferSpec=20220824', DEFER_SPEC)).toBe(true);
    expect(acceptsMultipart('multipart/mixed;subscriptionSpec=1.0', DEFER_SPEC)).toBe(false);
    expect(acceptsMultipart('multipart/mixed', DEFER_SPEC)).toBe(false);
    expect(acceptsMultipart('multipart/mixed;deferSpec=20220824;q=0', DEFER_SPEC)).toBe(false);
    expect(acceptsMultipart('Multipart/Mixed; DeferSpec=20220824', DEFER_SPEC)).toBe(true);
    expect(acceptsMultipart('application/json', DEFER_SPEC)).toBe(false);
    expect(acceptsMultipart(undefined, DEFER_SPEC)).toBe(false);
  });
});

describe('MultipartResponse', () => {
  let server: Server;
  let url: string;
  let respond: (res: ServerResponse) => Promise<void>;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      respond(res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('writes JSON parts each followed by the boundary, and the closing boundary at the end', async () => {
    respond = async (res) => {
      const multipart = new MultipartResponse(res, { spec: DEFER_SPEC, headers: [['x-extra', 'yes']] });
      expect(await multipart.writePart({ data: { a: 1 }, hasNext: true })).toBe(true);
      expect(await multipart.writePart({ incremental: [{ data: { b: 2 }, path: [] }], hasNext: false })).toBe(
        true,
      );
      multipart.end();
    };
    const response = await fetch(url);
    expect(response.headers.get('content-type')).toBe('multipart/mixed; boundary="-"; deferSpec=20220824');
    expect(response.headers.get('x-extra')).toBe('yes');
    expect(await response.text()).toBe(
      '\r\n---\r\ncontent-type: application/json; charset=utf-8\r\n\r\n{"data":{"a":1},"hasNext":true}\r\n---' +
        '\r\ncontent-type: application/json; charset=utf-8\r\n\r\n{"incremental":[{"data":{"b":2},"path":[]}],"hasNext":false}\r\n---' +
        '--\r\n',
    );
  });

  it('ends an empty stream with the closing boundary alone', async () => {
    respond = async (res) => new MultipartResponse(res, { spec: DEFER_SPEC }).end();
    const response = await fetch(url);
    expect(await response.text()).toBe('\r\n-----\r\n');
  });

  it('aborts its signal and resolves writes false once the client goes away', async () => {
    let settled: (value: { signalled: boolean; wrote: boolean }) => void = () => {};
    const outcome = new Promise<{ signalled: boolean; wrote: boolean }>((resolve) => {
      settled = resolve;
    });
    respond = async (res) => {
      const multipart = new MultipartResponse(res, { spec: DEFER_SPEC });
      await multipart.writePart({ data: {}, hasNext: true });
      const large = { data: 'x'.repeat(1 << 20) };
      // Writes wait for the socket (back-pressure) until the client is gone.
      let wrote = true;
      while (wrote) wrote = await multipart.writePart(large);
      settled({ signalled: multipart.signal.aborted, wrote });
    };
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    expect(await outcome).toEqual({ signalled: true, wrote: false });
  });
});
