import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

/** A started replay proxy. */
export interface ReplayProxy {
  readonly url: string;
  /** Requests answered from memory, and those forwarded because their body was new. */
  stats(): { replayed: number; forwarded: number };
  close(): Promise<void>;
}

interface Recorded {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

/**
 * An HTTP server in front of a real subgraph that forwards each request body it has not seen
 * yet and answers every later request with the same body from memory. After warm-up every
 * subgraph call is a map lookup, so the subgraphs cost both gateways the same and almost nothing.
 * Only successful answers are recorded: the catalog is read-only under the benchmark.
 */
export async function startReplayProxy(upstreamUrl: string): Promise<ReplayProxy> {
  const upstream = new URL(upstreamUrl);
  const pool = new Pool(upstream.origin, { connections: 16 });
  const recorded = new Map<string, Recorded>();
  let replayed = 0;
  let forwarded = 0;

  const answer = (res: ServerResponse, entry: Recorded) => {
    res.writeHead(entry.status, {
      'content-type': entry.contentType,
      'content-length': entry.body.length,
    });
    res.end(entry.body);
  };

  const forward = async (body: Buffer): Promise<Recorded> => {
    forwarded += 1;
    const response = await pool.request({
      path: `${upstream.pathname}${upstream.search}`,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
    });
    const text = Buffer.from(await response.body.arrayBuffer());
    const contentType = response.headers['content-type'];
    return {
      status: response.statusCode,
      contentType: typeof contentType === 'string' ? contentType : 'application/json',
      body: text,
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const key = body.toString('latin1');
    const known = recorded.get(key);
    if (known) {
      replayed += 1;
      return answer(res, known);
    }
    const fresh = await forward(body);
    if (fresh.status === 200) recorded.set(key, fresh);
    answer(res, fresh);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: `replay proxy: ${(error as Error).message}` }] }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    stats: () => ({ replayed, forwarded }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}
