import { ConfigError, parseEnv } from '../../platform/config.js';
import { silentLogger } from '../../platform/logger.js';
import {
  createRedisClient,
  describeRedisTarget,
  type RedisClient,
} from '../../platform/redis/redis-client.js';
import type { ReplayOutcome } from '../../subgraphs/shared/ports/dead-letters.js';
import { STORAGE_ENV } from '../../subgraphs/shared/storage-config.js';
import { type FoundDeadLetter, findDeadLetters } from './find-dead-letters.js';
import { formatDeadLetters, formatReplays } from './format-dead-letters.js';
import {
  type DeadLetterCommand,
  parseDeadLetterArgs,
  SUBGRAPHS,
  USAGE,
  UsageError,
} from './parse-dead-letter-args.js';

/** The command's exit codes. */
export const EXIT = { done: 0, notDone: 1, badInput: 2 } as const;

/** Where the command writes, and the environment it reads its settings from. */
export interface DeadLetterIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

/**
 * `npm run dead-letters -- list|replay ...`: resolves to the exit code. Bad usage, bad settings and
 * a Redis that does not answer are reported on stderr with exit code 2.
 */
export async function runDeadLetters(argv: readonly string[], io: DeadLetterIo): Promise<number> {
  let command: DeadLetterCommand | 'help';
  let settings: ReturnType<typeof readSettings>;
  try {
    command = parseDeadLetterArgs(argv);
    if (command === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.done;
    }
    settings = readSettings(io.env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`dead-letters: ${error.message}\n\n${USAGE}\n`);
      return EXIT.badInput;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`dead-letters: ${error.message}\n`);
      return EXIT.badInput;
    }
    throw error;
  }
  const target = { url: settings.REDIS_URL, cluster: settings.REDIS_CLUSTER_NODES };
  const redis = createRedisClient({
    ...target,
    connectionName: 'hexagraph-dead-letters',
    log: silentLogger(),
  });
  try {
    if (!(await connected(redis, command.timeoutMs))) {
      io.stderr.write(
        `dead-letters: Redis at ${describeRedisTarget(target)} did not answer within ${command.timeoutMs} ms.\n`,
      );
      return EXIT.badInput;
    }
    const found = await findDeadLetters(redis, {
      namespace: settings.REDIS_NAMESPACE,
      tagged: target.cluster !== undefined,
      sources: SUBGRAPHS,
      subscriber: command.subgraph,
    });
    return await act(command, found, io);
  } finally {
    redis.disconnect();
  }
}

async function act(command: DeadLetterCommand, found: FoundDeadLetter[], io: DeadLetterIo): Promise<number> {
  const { id } = command;
  const selected =
    id === undefined ? found : found.filter(({ letter }) => letter.id === id || letter.eventId === id);
  if (id !== undefined && selected.length === 0) {
    const where = command.subgraph === undefined ? '' : ` of ${command.subgraph}`;
    io.stderr.write(`dead-letters: no dead letter${where} has the id or event id "${id}".\n`);
    return EXIT.notDone;
  }
  if (command.action === 'list') {
    const letters = selected.map(({ letter }) => letter);
    io.stdout.write(
      command.json ? `${JSON.stringify(letters, null, 2)}\n` : formatDeadLetters(letters, command.subgraph),
    );
    return EXIT.done;
  }
  const replays: { found: FoundDeadLetter; outcome: ReplayOutcome }[] = [];
  for (const each of selected)
    replays.push({ found: each, outcome: await each.queue.replay(each.letter.id) });
  io.stdout.write(
    command.json
      ? `${JSON.stringify(
          replays.map(({ found, outcome }) => ({ ...found.letter, stream: found.queue.key, outcome })),
          null,
          2,
        )}\n`
      : formatReplays(replays.map(({ found, outcome }) => ({ letter: found.letter, outcome }))),
  );
  return replays.every(({ outcome }) => outcome === 'replayed') ? EXIT.done : EXIT.notDone;
}

function readSettings(env: Record<string, string | undefined>) {
  return parseEnv(
    {
      REDIS_URL: STORAGE_ENV.REDIS_URL,
      REDIS_NAMESPACE: STORAGE_ENV.REDIS_NAMESPACE,
      REDIS_CLUSTER_NODES: STORAGE_ENV.REDIS_CLUSTER_NODES,
    },
    env,
  );
}

/** Resolves to true once the client is ready, false when it is not within `timeoutMs`. */
function connected(redis: RedisClient, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      redis.off('ready', ready);
      resolve(false);
    }, timeoutMs);
    const ready = () => {
      clearTimeout(timer);
      resolve(true);
    };
    redis.once('ready', ready);
  });
}
