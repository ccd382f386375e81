import { createServer, type Server, type Socket } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange } from '../../../../gateway/src/upstream/buffered-exchange.js';
import { ResponseBodyError } from '../../../../gateway/src/upstream/response-body.js';

/**
 * A raw HTTP server scripted per request by its path: `/hints` answers 103 Early Hints before
 * 200, `/hang` sends nothing, `/half` sends headers and half a body, anything else answers at once.
 */
let server: Server;
let origin: string;
const received: string[] = [];
const closed: string[] = [];

beforeAll(async () => {
  server = createServer((socket: Socket) => {
    let path = '';
    socket.on('data', (data) => {
      const line = /^POST (\S+)/.exec(data.toString('latin1'));
      if (!line) return;
      path = line[1] as string;
      received.push(path);
      const body = '{"data":{}}';
      if (path === '/hints') {
        socket.write('HTTP/1.1 103 Early Hints\r\nlink: </a>; rel=preload\r\n\r\n');
        socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
      } else if (path === '/half') {
        socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
      } else if (path !== '/hang') {
        socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
      }
    });
    socket.on('close', () => closed.push(path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  origin = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const post = (path: string) => ({ path, method: 'POST' as const, body: '{}' });

describe('exchange', () => {
  it('skips informational answers and reads the real one', async () => {
    const pool = new Pool(origin, { connections: 1 });
    const answer = await exchange(pool, post('/hints'), new AbortController().signal, 1_000);

    expect(answer.statusCode).toBe(200);
    expect((await answer.body).toString()).toBe('{"data":{}}');
    await pool.close();
  });

  it('rejects at once, with the reason, a request aborted while it waits for a connection, and never sends it', async () => {
    const pool = new Pool(origin, { connections: 1 });
    const hanging = new AbortController();
    const first = exchange(pool, post('/hang'), hanging.signal, 1_000);
    const waiting = new AbortController();
    const second = exchange(pool, post('/queued'), waiting.signal, 1_000);
    await until(() => received.includes('/hang'));

    const reason = new Error('deadline');
    waiting.abort(reason);

    await expect(second).rejects.toBe(reason);
    hanging.abort(new Error('done'));
    await expect(first).rejects.toThrow('done');
    await pool.close();
    expect(received).not.toContain('/queued');
  });

  it('rejects the body when the signal aborts mid-body, and closes the connection', async () => {
    const pool = new Pool(origin, { connections: 1 });
    const controller = new AbortController();
    const answer = await exchange(pool, post('/half'), controller.signal, 1_000);

    controller.abort(new Error('deadline'));

    const error = await answer.body.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseBodyError);
    expect((error as ResponseBodyError).kind).toBe('interrupted');
    expect((error as ResponseBodyError).received.toString()).toBe('{"dat');
    await until(() => closed.includes('/half'));
    await pool.close();
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
