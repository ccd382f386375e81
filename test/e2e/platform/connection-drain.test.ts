import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionDrain } from '../../../platform/http/connection-drain.js';
import { connectionRefused, openPartialRequest } from '../../helpers/raw-http.js';

/** A server whose `/slow` requests wait until the test releases them. */
async function startServer() {
  const waiting: (() => void)[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/slow') waiting.push(() => res.end('slow'));
    else res.end(drain.draining ? 'draining' : 'serving');
  });
  const drain = new ConnectionDrain(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    drain,
    port,
    releaseAll: () => {
      for (const release of waiting.splice(0)) release();
    },
    inFlight: () => waiting.length,
  };
}

const agents: Agent[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) server.closeAllConnections();
  await Promise.all(agents.splice(0).map((agent) => agent.destroy()));
});

function get(port: number, path: string, agent: Agent) {
  return request(`http://127.0.0.1:${port}${path}`, { dispatcher: agent }).then(async (answer) => ({
    status: answer.statusCode,
    connection: answer.headers.connection,
    body: await answer.body.text(),
  }));
}

async function untilInFlight(count: () => number, expected: number) {
  while (count() < expected) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('ConnectionDrain', () => {
  it('answers the requests in flight with Connection: close and refuses new connections', async () => {
    const { server, drain, port, releaseAll, inFlight } = await startServer();
    servers.push(server);
    const agent = new Agent({ connections: 5 });
    agents.push(agent);
    const answers = Array.from({ length: 3 }, () => get(port, '/slow', agent));
    await untilInFlight(inFlight, 3);

    const drained = drain.drain(60_000);

    expect(drain.draining).toBe(true);
    expect(drain.signal.aborted).toBe(true);
    expect(await connectionRefused(port)).toBe(true);
    releaseAll();
    expect(await Promise.all(answers)).toEqual(
      Array.from({ length: 3 }, () => ({ status: 200, connection: 'close', body: 'slow' })),
    );
    expect(await drained).toBe('drained');
  });

  it('serves a request begun on an open connection before the drain, and closes that connection after it', async () => {
    const { server, drain, port, releaseAll, inFlight } = await startServer();
    servers.push(server);
    const agent = new Agent();
    agents.push(agent);
    const probe = await openPartialRequest(port, '/ready');
    const slow = get(port, '/slow', agent);
    await untilInFlight(inFlight, 1);

    const drained = drain.drain(60_000);
    const answer = await probe.finish();
    releaseAll();
    await slow;

    expect(answer).toMatchObject({ status: 200, headers: { connection: 'close' } });
    expect(await drained).toBe('drained');
  });

  it('does not wait for idle or silent connections once every request is answered', async () => {
    const { server, drain, port } = await startServer();
    servers.push(server);
    const agent = new Agent();
    agents.push(agent);
    expect(await get(port, '/fast', agent)).toMatchObject({ body: 'serving', connection: 'keep-alive' });
    await openPartialRequest(port, '/never-finished');

    await expect(drain.drain(60_000)).resolves.toBe('drained');
  });

  it('cuts the requests still in flight when the grace period runs out', async () => {
    const { server, drain, port, inFlight } = await startServer();
    servers.push(server);
    const agent = new Agent();
    agents.push(agent);
    const slow = get(port, '/slow', agent).catch((error: unknown) => error);
    await untilInFlight(inFlight, 1);

    await expect(drain.drain(50)).resolves.toBe('cut');
    expect(await slow).toBeInstanceOf(Error);
  });
});
