import type { RedisClient } from '../../platform/redis/redis-client.js';
import { callRedis } from '../../platform/redis/redis-errors.js';
import { RedisDeadLetters } from '../../subgraphs/shared/adapters/redis-dead-letters.js';
import { eventStreamKey } from '../../subgraphs/shared/adapters/redis-runtime.js';
import type { DeadLetter } from '../../subgraphs/shared/ports/dead-letters.js';

/** A dead letter and the queue it sits in, so it can be replayed. */
export interface FoundDeadLetter {
  letter: DeadLetter;
  queue: RedisDeadLetters;
}

/**
 * Every dead letter of a namespace: for each subgraph's event stream, the dead letters of each of
 * its consumer groups (only `subscriber`'s when given), oldest first per group.
 */
export async function findDeadLetters(
  redis: RedisClient,
  options: {
    namespace: string;
    /** Keys carry hash tags (a Redis Cluster). */
    tagged: boolean;
    sources: readonly string[];
    subscriber: string | undefined;
  },
): Promise<FoundDeadLetter[]> {
  const found: FoundDeadLetter[] = [];
  for (const source of options.sources) {
    const stream = eventStreamKey(options.namespace, source, options.tagged);
    for (const group of await consumerGroups(redis, stream)) {
      if (options.subscriber !== undefined && group !== options.subscriber) continue;
      const queue = new RedisDeadLetters(redis, { stream, group, source });
      for (const letter of await queue.list()) found.push({ letter, queue });
    }
  }
  return found;
}

/** The consumer groups of a stream; none when the stream does not exist. */
async function consumerGroups(redis: RedisClient, stream: string): Promise<string[]> {
  if ((await callRedis(redis.exists(stream))) === 0) return [];
  const groups = (await callRedis(redis.xinfo('GROUPS', stream))) as unknown[][];
  return groups.flatMap((fields) => {
    const at = fields.indexOf('name');
    const name = at < 0 ? undefined : fields[at + 1];
    return typeof name === 'string' ? [name] : [];
  });
}
