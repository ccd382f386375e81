import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';

// Captured at import, before any test installs fake timers: the proxy keeps real time.
const realSetTimeout = globalThis.setTimeout;

/** A TCP proxy on loopback whose answers can be held back, to make a real dependency slow. */
export interface DelayingTcpProxy {
  /** The proxy's port; clients connect here instead of to the target. */
  readonly port: number;
  /**
   * Holds every later chunk from the target back this long (order kept); 0 passes them through.
   * Also forgets what was forwarded so far (see `hasForwarded`).
   */
  setDelay(ms: number): void;
  /** True once clients have sent `text` to the target (as latin1) since the last `setDelay`. */
  hasForwarded(text: string): boolean;
  close(): Promise<void>;
}

/**
 * Forwards every connection to `target`. With a delay set, what the target
 * answers reaches the client that much later, so a real Redis becomes a slow one while requests
 * keep flowing; what clients send is kept so a test can tell which commands have been issued.
 */
export async function startDelayingTcpProxy(target: {
  host: string;
  port: number;
}): Promise<DelayingTcpProxy> {
  let delayMs = 0;
  let forwarded = '';
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      forwarded += chunk.toString('latin1');
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (delayMs === 0) client.write(chunk);
      // One fixed delay per chunk keeps the chunks in order.
      else realSetTimeout(() => client.destroyed || client.write(chunk), delayMs);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    // Answers still held back are delivered before the client sees the connection end.
    const endAfterDelay = () => (delayMs === 0 ? end() : realSetTimeout(end, delayMs));
    upstream.on('close', endAfterDelay).on('error', endAfterDelay);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    setDelay: (ms) => {
      delayMs = ms;
      forwarded = '';
    },
    hasForwarded: (text) => forwarded.includes(text),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
