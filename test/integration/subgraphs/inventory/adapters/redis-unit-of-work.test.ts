import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOCK_COLLECTION } from '../../../../../subgraphs/inventory/adapters/memory-stock-repository.js';
import { RedisStockReader } from '../../../../../subgraphs/inventory/adapters/redis-stock-reader.js';
import { redisKeyPrefix } from '../../../../../subgraphs/shared/adapters/redis-runtime.js';
import { RedisStore } from '../../../../../subgraphs/shared/adapters/redis-store.js';
import {
  startRedisServer,
  type TestRedisServer,
  uniqueRedisNamespace,
} from '../../../../helpers/redis-server.js';
import { startTsxProcess } from '../../../../helpers/tsx-process.js';

const WORKER = 'test/integration/subgraphs/inventory/adapters/reserve-stock-worker.ts';

let server: TestRedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe('RedisUnitOfWork across processes', () => {
  it('lets exactly 10 of 50 one-unit reservations from two processes succeed on a stock of 10', async () => {
    const namespace = uniqueRedisNamespace('race');
    const store = new RedisStore(redis, redisKeyPrefix(namespace, 'inventory'));
    const tx = store.begin();
    tx.put(STOCK_COLLECTION, 'p-race:AMS', 0, {
      productId: 'p-race',
      warehouse: 'AMS',
      onHand: 10,
      reserved: 0,
    });
    await tx.commit();

    const env = {
      REDIS_URL: server.url,
      REDIS_NAMESPACE: namespace,
      PRODUCT_ID: 'p-race',
      RESERVATIONS: '25',
    };
    const workers = [startTsxProcess(WORKER, env), startTsxProcess(WORKER, env)];
    try {
      await Promise.all(workers.map((worker) => worker.waitForOutput(/^ready$/m)));
      // Both are connected and built before either starts, so their reservations overlap.
      for (const worker of workers) worker.child.stdin.end('go\n');
      const results = await Promise.all(
        workers.map(async (worker) => {
          const [line] = await worker.waitForOutput(/^\{.*\}$/m);
          return JSON.parse(line) as { reserved: number; failures: Record<string, number> };
        }),
      );

      expect(results.reduce((sum, result) => sum + result.reserved, 0)).toBe(10);
      expect(results.reduce((sum, result) => sum + (result.failures.InsufficientStock ?? 0), 0)).toBe(40);
      expect(results.flatMap((result) => Object.keys(result.failures))).not.toContain('Conflict');
      const [inventory] = await new RedisStockReader(store).getMany(['p-race']);
      expect(inventory).toMatchObject({ onHand: 10, reserved: 10 });
      const events = await store.pending(100);
      expect(events.map((entry) => entry.event.type)).toEqual(Array(10).fill('StockReserved'));
    } finally {
      await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    }
  });
});
