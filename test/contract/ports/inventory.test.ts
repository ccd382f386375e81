import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../../helpers/redis-server.js';
import { describeInventoryUnitOfWorkContract } from './inventory-unit-of-work-contract.js';
import { describeReservationReaderContract } from './reservation-reader-contract.js';
import { describeReservationRepositoryContract } from './reservation-repository-contract.js';
import { describeStockReaderContract } from './stock-reader-contract.js';
import { describeStockRepositoryContract } from './stock-repository-contract.js';
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
  memory: memoryAdapters.inventory,
  redis: (options?: { maxAttempts?: number }) => redisAdapters(redis).inventory(options),
  'redis, partitioned as on a cluster': (options?: { maxAttempts?: number }) =>
    redisAdapters(redis, { partitioned: true }).inventory(options),
};

for (const [name, makeAdapter] of Object.entries(adapters)) {
  describeStockRepositoryContract(name, makeAdapter);
  describeStockReaderContract(name, makeAdapter);
  describeReservationRepositoryContract(name, makeAdapter);
  describeReservationReaderContract(name, makeAdapter);
  describeInventoryUnitOfWorkContract(name, makeAdapter);
}
