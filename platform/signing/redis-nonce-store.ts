import type { RedisClient } from '../redis/redis-client.js';
import { callRedis } from '../redis/redis-errors.js';
import type { NonceStore } from './request-verifier.js';

/**
 * Nonces in Redis, shared by every instance of every subgraph on it: `SET <prefix><nonce> NX PX`,
 * so a request replayed to any instance (or another subgraph) inside the window is refused. On a
 * Redis Cluster each nonce is a key of its own, spread over the masters by its hash.
 */
export class RedisNonceStore implements NonceStore {
  constructor(
    private readonly redis: RedisClient,
    /** e.g. `hexagraph:signature-nonces:` */
    private readonly prefix: string,
  ) {}

  async claim(nonce: string, ttlMs: number): Promise<boolean> {
    return (await callRedis(this.redis.set(`${this.prefix}${nonce}`, '1', 'PX', ttlMs, 'NX'))) === 'OK';
  }
}
