import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap } from '@apollo/server';

/** Bounds how long a client may take to send headers and a whole request, and idle keep-alive. */
export function applyServerTimeouts(server: Server): void {
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
}

/** Starts listening and resolves to the bound port (the real one when `port` is 0). */
export function listen(server: Server, port: number, host = '0.0.0.0'): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** A request's headers as Apollo Server wants them: one comma-joined value per name. */
export function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}
