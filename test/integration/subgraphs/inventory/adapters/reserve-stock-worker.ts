/**
 * One of the processes of the cross-process reservation race: connects to REDIS_URL, prints
 * `ready`, waits for a `go` line on stdin, then places RESERVATIONS one-unit reservations of
 * PRODUCT_ID at AMS all at once and prints one JSON line: how many succeeded and how the others failed.
 */
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { buildRedisInventoryApp } from '../../../../../subgraphs/inventory/app.js';
import { redisKeyPrefix } from '../../../../../subgraphs/shared/adapters/redis-runtime.js';
import { RedisStore } from '../../../../../subgraphs/shared/adapters/redis-store.js';

const { REDIS_URL, REDIS_NAMESPACE, PRODUCT_ID, RESERVATIONS } = process.env;
if (!REDIS_URL || !REDIS_NAMESPACE || !PRODUCT_ID || !RESERVATIONS)
  throw new Error('REDIS_URL, REDIS_NAMESPACE, PRODUCT_ID and RESERVATIONS must be set.');

const redis = new Redis(REDIS_URL);
await redis.ping();
const app = buildRedisInventoryApp({
  store: new RedisStore(redis, redisKeyPrefix(REDIS_NAMESPACE, 'inventory')),
});
process.stdout.write('ready\n');

const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'go') break;
lines.close();

const outcomes = await Promise.allSettled(
  Array.from({ length: Number(RESERVATIONS) }, () =>
    app.useCases.reserveStock.execute({ productId: PRODUCT_ID, quantity: 1, warehouse: 'AMS' }),
  ),
);
const failures: Record<string, number> = {};
for (const outcome of outcomes) {
  if (outcome.status === 'rejected') {
    const name = outcome.reason instanceof Error ? outcome.reason.name : String(outcome.reason);
    failures[name] = (failures[name] ?? 0) + 1;
  }
}
const reserved = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
process.stdout.write(`${JSON.stringify({ reserved, failures })}\n`);
redis.disconnect();
