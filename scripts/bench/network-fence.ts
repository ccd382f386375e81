import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A started fence: the proxy (and cloud metadata) settings to give a peer, and what reached it. */
export interface NetworkFence {
  /** HTTP(S)_PROXY / ALL_PROXY (both cases) pointing at the fence, loopback exempt. */
  readonly env: Readonly<Record<string, string>>;
  /** Every `CONNECT host:port` or absolute URL a process tried, in order. */
  attempts(): readonly string[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy that refuses everything and records what was asked of it. Peers started
 * with its proxy settings cannot reach beyond this machine through a proxy-aware client (an
 * update check, telemetry), and the report can say whether they tried. Clients that ignore the
 * proxy settings show up in the socket check instead (`nonLoopbackPeers`).
 */
export async function startNetworkFence(): Promise<NetworkFence> {
  const attempts: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    attempts.push(`${req.method} ${req.url}`);
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('The benchmark allows no traffic beyond loopback.\n');
  });
  server.on('connect', (req, socket: Socket) => {
    attempts.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const noProxy = '127.0.0.1,localhost,::1';
  return {
    env: {
      // @apollo/gateway's OpenTelemetry GCP resource detector probes the cloud metadata server
      // (169.254.169.254) directly at start-up, past any proxy: tell it there is none, and send
      // whatever still asks to the fence.
      METADATA_SERVER_DETECTION: 'none',
      GCE_METADATA_HOST: proxy.slice('http://'.length),
      HTTP_PROXY: proxy,
      HTTPS_PROXY: proxy,
      ALL_PROXY: proxy,
      http_proxy: proxy,
      https_proxy: proxy,
      all_proxy: proxy,
      NO_PROXY: noProxy,
      no_proxy: noProxy,
    },
    attempts: () => [...attempts],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
