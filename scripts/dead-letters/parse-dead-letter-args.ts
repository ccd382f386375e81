import { parseArgs } from 'node:util';

/** The subgraphs whose event streams and consumer groups the command looks at. */
export const SUBGRAPHS = ['product', 'inventory', 'pricing'] as const;

/** What `dead-letters` was asked to do. */
export interface DeadLetterCommand {
  action: 'list' | 'replay';
  /** Only the dead letters of this consuming subgraph (its consumer group). */
  subgraph: string | undefined;
  /** Only the dead letter with this id, or the dead letters of the event with this id. */
  id: string | undefined;
  json: boolean;
  /** Longest wait for Redis to answer before giving up. */
  timeoutMs: number;
}

/** A command line that cannot be run; the message says what is wrong. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** The usage text printed by `--help` and after a usage error. */
export const USAGE = `Usage: npm run dead-letters -- list|replay [--subgraph <name>] [--id <id>] [--json]

Lists or replays the events a subgraph's consumer set aside after their handler kept failing
(EVENT_MAX_ATTEMPTS deliveries). Replaying adds the event to its stream again, as a new delivery.
Reads REDIS_URL (or REDIS_CLUSTER_NODES) and REDIS_NAMESPACE like the subgraphs.

Options:
  --subgraph <name>   only the dead letters of this consuming subgraph (${SUBGRAPHS.join(', ')})
  --id <id>           only this dead letter (its id) or the dead letters of this event (the event id)
  --json              print JSON instead of text
  --timeout <ms>      how long to wait for Redis (default: ${DEFAULT_TIMEOUT_MS})
  --help              print this text

Exit code: 0 done, 1 --id matched nothing or a dead letter could not be replayed,
2 bad usage, bad settings or Redis unreachable.`;

/** Parses the command line, or `'help'` for `--help`; anything missing, unknown or malformed is a UsageError. */
export function parseDeadLetterArgs(argv: readonly string[]): DeadLetterCommand | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [action, ...extra] = positionals;
  if (action === undefined) throw new UsageError('Missing the action: list or replay.');
  if (action !== 'list' && action !== 'replay')
    throw new UsageError(`Unknown action "${action}": expected list or replay.`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra[0]}`);
  const subgraph = values.subgraph;
  if (subgraph !== undefined && !(SUBGRAPHS as readonly string[]).includes(subgraph))
    throw new UsageError(`--subgraph must be one of ${SUBGRAPHS.join(', ')}, got "${subgraph}".`);
  if (values.id !== undefined && values.id.trim() === '') throw new UsageError('--id must not be blank.');
  const timeoutMs = values.timeout === undefined ? DEFAULT_TIMEOUT_MS : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new UsageError(
      `--timeout must be a positive whole number of milliseconds, got "${values.timeout}".`,
    );
  return { action, subgraph, id: values.id, json: values.json ?? false, timeoutMs };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      subgraph: { type: 'string' },
      id: { type: 'string' },
      json: { type: 'boolean' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
