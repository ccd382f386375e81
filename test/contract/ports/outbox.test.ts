import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../../helpers/redis-server.js';
import { describeOutboxContract } from './outbox-contract.js';
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

describeOutboxContract('memory', memoryAdapters.outbox);
describeOutboxContract('redis', () => redisAdapters(redis).outbox());
describeOutboxContract('redis, partitioned as on a cluster', () =>
  redisAdapters(redis, { partitioned: true }).outbox(),
);
