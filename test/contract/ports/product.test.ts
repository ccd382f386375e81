import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../../helpers/redis-server.js';
import { describeProductRepositoryContract } from './product-repository-contract.js';
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

describeProductRepositoryContract('memory', memoryAdapters.product);
describeProductRepositoryContract('redis', (options) => redisAdapters(redis).product(options));
describeProductRepositoryContract('redis, partitioned as on a cluster', (options) =>
  redisAdapters(redis, { partitioned: true }).product(options),
);
