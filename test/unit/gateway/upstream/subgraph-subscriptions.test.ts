import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { WsSubgraphSubscriptions } from '../../../../gateway/src/upstream/subgraph-subscriptions.js';
import { silentLogger } from '../../../../platform/logger.js';

/**
 * A subgraph endpoint speaking just enough graphql-ws: it acknowledges the connection, and once a
 * subscription arrives closes the socket with a reason that names an internal address.
 */
async function droppingSubgraph(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (socket) => {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string };
      if (message.type === 'connection_init') socket.send(JSON.stringify({ type: 'connection_ack' }));
      if (message.type === 'subscribe') socket.close(4500, 'upstream 10.20.30.40:4002 refused');
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

describe('WsSubgraphSubscriptions', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('tells its listeners a dropped connection by close code only, never the reason text', async () => {
    const subgraph = await droppingSubgraph();
    cleanups.push(subgraph.close);
    const subscriptions = new WsSubgraphSubscriptions({
      urls: new Map([['inventory', subgraph.url]]),
      log: silentLogger(),
      reconnectAttempts: 0,
      reconnectBaseMs: 10,
      reconnectMaxMs: 10,
      maxMessageBytes: 1024 * 1024,
    });
    cleanups.push(() => subscriptions.close());
    const reasons: string[] = [];
    const stop = subscriptions.subscribe(
      'inventory',
      { query: 'subscription { stockChanged { available } }' },
      {},
      { next: () => {}, interrupted: (reason) => reasons.push(reason), failed: () => {}, complete: () => {} },
    );
    cleanups.push(async () => stop());
    await expect.poll(() => reasons, { timeout: 10_000 }).toHaveLength(1);
    expect(reasons[0]).toBe('closed with 4500');
  });
});
