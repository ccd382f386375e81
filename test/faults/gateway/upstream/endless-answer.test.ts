import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { createGzip } from 'node:zlib';
import { buildConnector, Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UndiciSubgraphClient } from '../../../../gateway/src/upstream/undici-subgraph-client.js';
import { waitUntil } from '../../../helpers/wait-until.js';

const MAX_BYTES = 1024 * 1024;
// What the fake writes at a time, and what a socket read takes at most.
const CHUNK = Buffer.alloc(64 * 1024, 'x');
// The status line, the headers and the chunked encoding's size lines around each chunk.
const HTTP_FRAMING_SLACK = 4 * 1024;

/** A raw-socket subgraph that answers every request with a body that never ends. */
interface EndlessSubgraph {
  url: string;
  /** Connections the gateway closed while the body was still streaming. */
  readonly hungUp: number;
  close(): Promise<void>;
}

async function startEndlessSubgraph(encoding: 'identity' | 'gzip'): Promise<EndlessSubgraph> {
  let hungUp = 0;
  const server: Server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      socket.write(
        `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n${
          encoding === 'gzip' ? 'content-encoding: gzip\r\n' : ''
        }\r\n`,
      );
      socket.once('close', () => {
        hungUp += 1;
      });
      const writeChunk = (chunk: Buffer) =>
        socket.write(
          Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
        );
      if (encoding === 'gzip') {
        // Zeros compress about a thousandfold: a small stream that decodes to an endless one.
        const gzip = createGzip();
        gzip.on('data', (chunk: Buffer) => {
          if (!socket.destroyed && !writeChunk(chunk)) gzip.pause();
        });
        socket.on('drain', () => gzip.resume());
        const feed = () => {
          while (!socket.destroyed && gzip.write(Buffer.alloc(CHUNK.length))) {}
          if (!socket.destroyed) gzip.once('drain', feed);
          else gzip.destroy();
        };
        feed();
        return;
      }
      const pump = () => {
        while (!socket.destroyed) if (!writeChunk(CHUNK)) return void socket.once('drain', pump);
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get hungUp() {
      return hungUp;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/** An undici pool to `url` that keeps the sockets it opens, so the bytes read can be counted. */
function countingPool(url: string): { pool: Pool; bytesRead(): number } {
  const sockets: Socket[] = [];
  const connect = buildConnector({});
  const pool = new Pool(new URL(url).origin, {
    connect: (options, callback) =>
      connect(options, (...result) => {
        if (result[1]) sockets.push(result[1] as Socket);
        callback(...result);
      }),
  });
  return { pool, bytesRead: () => sockets.reduce((total, socket) => total + socket.bytesRead, 0) };
}

describe.each(['identity', 'gzip'] as const)('an endless subgraph answer (%s)', (encoding) => {
  let subgraph: EndlessSubgraph;

  beforeAll(async () => {
    subgraph = await startEndlessSubgraph(encoding);
  });

  afterAll(async () => {
    await subgraph.close();
  });

  it('is cut off at the body limit: SUBGRAPH_BAD_RESPONSE, at most the limit and one chunk read', async () => {
    const { pool, bytesRead } = countingPool(subgraph.url);
    const client = new UndiciSubgraphClient({
      products: { url: subgraph.url, dispatcher: pool, maxResponseBytes: MAX_BYTES },
    });

    const call = client.call(
      'products',
      { query: '{ products { id } }' },
      { operationKind: 'query', signal: new AbortController().signal },
    );

    await expect(call).rejects.toMatchObject({ code: 'SUBGRAPH_BAD_RESPONSE', subgraph: 'products' });
    await expect(call).rejects.toThrow(`exceeds the limit of ${MAX_BYTES} bytes`);
    // The connection is closed rather than drained, so the subgraph stops sending.
    await waitUntil(
      () => subgraph.hungUp,
      (count) => count === 1,
      { what: 'the gateway to hang up' },
    );
    expect(bytesRead()).toBeLessThanOrEqual(MAX_BYTES + CHUNK.length + HTTP_FRAMING_SLACK);
    await pool.destroy();
  });
});
