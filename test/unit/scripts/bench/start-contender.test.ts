import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePorts, retryWhileAddressInUse } from '../../../../scripts/bench/start-contender.js';

const inUse = () => new Error('gateway: listen EADDRINUSE: address already in use 127.0.0.1:39285');

describe('freePorts', () => {
  it('hands out distinct ports that can be bound once handed out', async () => {
    const ports = await freePorts(3);

    expect(new Set(ports).size).toBe(3);
    const servers = ports.map(() => createServer());
    await Promise.all(
      servers.map(
        (server, index) =>
          new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(ports[index], '127.0.0.1', resolve);
          }),
      ),
    );
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });
});

describe('retryWhileAddressInUse', () => {
  it('starts again while the port was taken, and returns the start that succeeds', async () => {
    let calls = 0;
    const started = await retryWhileAddressInUse(async () => {
      calls += 1;
      if (calls < 3) throw inUse();
      return 'running';
    });

    expect(started).toBe('running');
    expect(calls).toBe(3);
  });

  it('throws any other failure at once', async () => {
    let calls = 0;
    const start = retryWhileAddressInUse(async () => {
      calls += 1;
      throw new Error('gateway exited (code 1): bad supergraph');
    });

    await expect(start).rejects.toThrow('bad supergraph');
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt with its error', async () => {
    let calls = 0;
    const start = retryWhileAddressInUse(async () => {
      calls += 1;
      throw inUse();
    }, 2);

    await expect(start).rejects.toThrow('EADDRINUSE');
    expect(calls).toBe(2);
  });
});
