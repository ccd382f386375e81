import type { RedisClient } from '../../../platform/redis/redis-client.js';
import { callRedis } from '../../../platform/redis/redis-errors.js';
import type { DomainEvent } from '../../kernel/domain-event.js';
import type { DeadLetter, DeadLetters, ReplayOutcome } from '../ports/dead-letters.js';
import { execPipeline } from './redis-store.js';

/** Stream entry fields as Redis returns them: name, value, name, value ... */
export type StreamFields = readonly string[];

/**
 * The dead-letter stream of a consumer group: `<stream>:dead-letters:<group>`. On a Redis Cluster
 * the event stream's name is a hash tag (`{hexagraph:events:product}`), so its dead-letter streams
 * share its slot and an entry moves between them in one MULTI.
 */
export function deadLetterStreamKey(stream: string, group: string): string {
  return `${stream}:dead-letters:${group}`;
}

/** Where a dead letter comes from and why it is one. */
export interface DeadLetterRecord {
  /** The event stream, the group that gave up, and the entry it gave up on. */
  stream: string;
  group: string;
  entryId: string;
  /** The entry's fields as delivered (`id`, `type`, `event`). */
  fields: StreamFields;
  error: string;
  attempts: number;
  at: Date;
}

/**
 * Moves an entry to the group's dead-letter stream: adds it there with the error, the attempts
 * and the time, and acknowledges it in the event stream, in one MULTI, so it is neither lost nor
 * left pending.
 */
export async function moveToDeadLetters(redis: RedisClient, record: DeadLetterRecord): Promise<void> {
  const original = fieldMap(record.fields);
  await execPipeline(
    redis
      .multi()
      .xadd(
        deadLetterStreamKey(record.stream, record.group),
        '*',
        'id',
        original.id ?? '',
        'type',
        original.type ?? '',
        'event',
        original.event ?? '',
        'error',
        record.error,
        'attempts',
        String(record.attempts),
        'deadLetteredAt',
        record.at.toISOString(),
        'entry',
        record.entryId,
      )
      .xack(record.stream, record.group, record.entryId),
  );
}

/**
 * The dead letters of one consumer group of one event stream. `replay` adds the event to the event
 * stream again, as a new entry (so every group of the stream sees it again and deduplicates it by
 * event id), and deletes the dead letter, in one MULTI.
 */
export class RedisDeadLetters implements DeadLetters {
  readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: {
      /** The event stream, e.g. `hexagraph:events:product`. */
      stream: string;
      /** The consumer group, e.g. `pricing`. */
      group: string;
      /** The subgraph that publishes the stream, e.g. `product`. */
      source: string;
    },
  ) {
    this.key = deadLetterStreamKey(options.stream, options.group);
  }

  async list(): Promise<DeadLetter[]> {
    const entries = (await callRedis(this.redis.xrange(this.key, '-', '+'))) as [string, string[]][];
    return entries.map(([id, fields]) => this.#parse(id, fields));
  }

  async replay(id: string): Promise<ReplayOutcome> {
    const [entry] = (await callRedis(this.redis.xrange(this.key, id, id))) as [string, string[]][];
    if (!entry) return 'unknown';
    const letter = this.#parse(entry[0], entry[1]);
    if (!letter.event) return 'unreadable';
    const [added, deleted] = await execPipeline(
      this.redis
        .multi()
        .xadd(
          this.options.stream,
          '*',
          'id',
          letter.event.id,
          'type',
          letter.event.type,
          'event',
          JSON.stringify(letter.event),
        )
        .xdel(this.key, id),
    );
    return added && deleted === 1 ? 'replayed' : 'unknown';
  }

  #parse(id: string, fields: StreamFields): DeadLetter {
    const values = fieldMap(fields);
    const event = parseStreamEvent(fields);
    return {
      id,
      subscriber: this.options.group,
      source: this.options.source,
      eventId: values.id || event?.id,
      eventType: values.type || event?.type,
      event,
      error: values.error ?? '',
      attempts: Number(values.attempts ?? 0),
      deadLetteredAt: values.deadLetteredAt ?? '',
    };
  }
}

/** The event in an entry's `event` field, or undefined when there is none or it is no event. */
export function parseStreamEvent(fields: StreamFields): DomainEvent | undefined {
  const json = fieldMap(fields).event;
  if (!json) return undefined;
  try {
    const event = JSON.parse(json) as Partial<DomainEvent>;
    return typeof event.id === 'string' && typeof event.type === 'string'
      ? (event as DomainEvent)
      : undefined;
  } catch {
    return undefined;
  }
}

function fieldMap(fields: StreamFields): Record<string, string | undefined> {
  const values: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) values[fields[i]!] = fields[i + 1]!;
  return values;
}
