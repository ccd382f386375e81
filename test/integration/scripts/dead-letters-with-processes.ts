import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../../platform/redis/redis-client.js';
import type { DomainEvent } from '../../../subgraphs/kernel/domain-event.js';
import { RedisDeadLetters } from '../../../subgraphs/shared/adapters/redis-dead-letters.js';
import { eventStreamKey } from '../../../subgraphs/shared/adapters/redis-runtime.js';
import type { DeadLetter } from '../../../subgraphs/shared/ports/dead-letters.js';
import { postGraphQL } from '../../helpers/graphql-over-http.js';
import { uniqueRedisNamespace } from '../../helpers/redis-server.js';
import { runTsxCommand, startTsxProcess, type TsxProcess } from '../../helpers/tsx-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

/** Where the processes find Redis: their environment, and a client for the test itself. */
export interface RedisTarget {
  /** REDIS_URL or REDIS_CLUSTER_NODES. */
  env: Record<string, string>;
  redis: RedisClient;
  /** Keys carry hash tags (a Redis Cluster). */
  tagged: boolean;
}

const COMMAND = 'scripts/dead-letters.ts';

function productCreated(id: string, productId: string): DomainEvent {
  return {
    id,
    type: 'ProductCreated',
    aggregateId: productId,
    occurredAt: '2026-03-01T12:00:00.000Z',
    payload: { id: productId },
  };
}

/**
 * A running pricing subgraph (EVENT_MAX_ATTEMPTS=1) consuming product's stream on `target`: a poison
 * ProductCreated (no product id, so pricing fails on it every time) becomes a dead letter while the
 * next event is applied, and `npm run dead-letters` lists it and replays it.
 */
export function describeDeadLettersWithProcesses(name: string, target: () => RedisTarget): void {
  describe(`dead letters of a running pricing subgraph, and the dead-letters command: ${name}`, () => {
    let pricing: TsxProcess;
    let env: Record<string, string>;
    let pricingUrl: string;
    let deadLetters: RedisDeadLetters;
    let stream: string;

    beforeAll(async () => {
      const { env: redisEnv, redis, tagged } = target();
      const namespace = uniqueRedisNamespace('dead-letters');
      env = { ...redisEnv, REDIS_NAMESPACE: namespace };
      stream = eventStreamKey(namespace, 'product', tagged);
      deadLetters = new RedisDeadLetters(redis, { stream, group: 'pricing', source: 'product' });
      pricing = startTsxProcess('subgraphs/pricing/main.ts', {
        ...env,
        STORAGE: 'redis',
        EVENT_MAX_ATTEMPTS: '1',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      });
      const [, url] = await pricing.waitForOutput(
        /"url":"(http:\/\/[^"]+\/graphql)","storage":"redis"/,
        40_000,
      );
      pricingUrl = url!.replace('localhost', '127.0.0.1');
    }, 60_000);

    afterAll(async () => {
      await pricing?.stop('SIGKILL');
    });

    const publish = async (event: DomainEvent) => {
      await target().redis.xadd(
        stream,
        '*',
        'id',
        event.id,
        'type',
        event.type,
        'event',
        JSON.stringify(event),
      );
    };
    const command = (...args: string[]) => runTsxCommand(COMMAND, args, env);
    const deadLettersNow = () => deadLetters.list();

    it('sets the poison event aside, applies the next one, and lists and replays the dead letter', async () => {
      await publish(productCreated('evt-poison', ''));
      await publish(productCreated('evt-fine', 'p-dead-letters'));

      const [letter] = await waitUntil(deadLettersNow, (letters) => letters.length === 1, {
        what: 'the poison event to become a dead letter',
        timeoutMs: 20_000,
        intervalMs: 100,
      });
      expect(letter).toMatchObject({
        eventId: 'evt-poison',
        attempts: 1,
        error: 'productId must not be blank.',
      });
      await waitUntil(
        () => postGraphQL(pricingUrl, { query: '{ price(productId: "p-dead-letters") { currency } }' }),
        (answer) => answer.body.data?.price != null,
        { what: 'pricing to apply the event after the poison one', timeoutMs: 20_000, intervalMs: 100 },
      );

      const [listed, json, ofInventory] = await Promise.all([
        command('list', '--subgraph', 'pricing'),
        command('list', '--json'),
        command('list', '--subgraph', 'inventory'),
      ]);
      expect(listed).toMatchObject({ code: 0, stderr: '' });
      expect(listed.stdout).toContain('1 dead letter of pricing:');
      expect(listed.stdout).toContain(
        `${letter!.id}  pricing <- product  ProductCreated  event evt-poison  1 attempt`,
      );
      expect(listed.stdout).toContain('    error: productId must not be blank.');

      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout) as DeadLetter[]).toMatchObject([
        { id: letter!.id, subscriber: 'pricing', source: 'product', eventId: 'evt-poison', attempts: 1 },
      ]);
      expect(ofInventory).toMatchObject({ code: 0, stdout: 'No dead letters of inventory.\n' });

      const replayed = await command('replay', '--id', 'evt-poison');
      expect(replayed).toMatchObject({ code: 0, stderr: '' });
      expect(replayed.stdout).toContain(
        `replayed: ${letter!.id}  pricing <- product  ProductCreated  event evt-poison`,
      );
      expect(replayed.stdout).toContain('1 of 1 replayed.');
      // Delivered again, the event fails again and is set aside anew.
      const [again] = await waitUntil(
        deadLettersNow,
        (letters) => letters.length === 1 && letters[0]!.id !== letter!.id,
        { what: 'the replayed poison event to fail again', timeoutMs: 20_000, intervalMs: 100 },
      );
      expect(again).toMatchObject({ eventId: 'evt-poison', attempts: 1 });
    }, 120_000);

    it('exits with 1 when --id matches no dead letter, and with 2 on bad usage', async () => {
      const [missing, usage] = await Promise.all([
        command('replay', '--id', 'evt-none'),
        command('list', '--subgraph', 'shipping'),
      ]);
      expect(missing).toMatchObject({ code: 1, stdout: '' });
      expect(missing.stderr).toContain('dead-letters: no dead letter has the id or event id "evt-none".');

      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain(
        '--subgraph must be one of product, inventory, pricing, got "shipping".',
      );
      expect(usage.stderr).toContain('Usage: npm run dead-letters -- list|replay');
    }, 60_000);
  });
}
