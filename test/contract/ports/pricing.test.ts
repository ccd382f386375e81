import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../../helpers/redis-server.js';
import { describePriceReaderContract } from './price-reader-contract.js';
import { describePriceRepositoryContract } from './price-repository-contract.js';
import { describeProcessedEventsContract } from './processed-events-contract.js';
import { memoryAdapters, redisAdapters } from './storage-adapters.js';

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

const adapters = {
  memory: memoryAdapters.pricing,
  redis: (options?: { maxAttempts?: number }) => redisAdapters(redis).pricing(options),
  'redis, partitioned as on a cluster': (options?: { maxAttempts?: number }) =>
    redisAdapters(redis, { partitioned: true }).pricing(options),
};

for (const [name, makeAdapter] of Object.entries(adapters)) {
  describePriceRepositoryContract(name, makeAdapter);
  describePriceReaderContract(name, makeAdapter);
  describeProcessedEventsContract(name, makeAdapter);
}
