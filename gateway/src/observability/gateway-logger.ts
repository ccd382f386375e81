import { type Logger, pino } from 'pino';

export type { Logger };

/** Header values that must never reach a log line. */
const REDACTED_PATHS = [
  'headers.authorization',
  'headers.cookie',
  'headers["proxy-authorization"]',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * Bytes of log lines held before they are written to stdout, and the longest a line waits. Under
 * load the gateway writes an access log line per request: one write per line cost several percent
 * of its throughput (a system call and a thread-pool round trip each), where one write per few
 * kilobytes costs next to nothing. Lines still held when the process exits are written then.
 */
const STDOUT_BUFFER_BYTES = 4096;
const STDOUT_FLUSH_MS = 250;

/**
 * The gateway's root logger: JSON lines on stdout (or `destination`), `service: gateway` on each,
 * ISO timestamps, level names, credentials redacted. On stdout, lines are written in batches, at
 * most `STDOUT_FLUSH_MS` late; `writeHeldLines` writes the held ones at once.
 */
export function createGatewayLogger(
  options: { level?: string; destination?: pino.DestinationStream } = {},
): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: 'gateway' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return pino(
    settings,
    options.destination ??
      pino.destination({ dest: 1, minLength: STDOUT_BUFFER_BYTES, periodicFlush: STDOUT_FLUSH_MS }),
  );
}

/**
 * Writes the lines the logger still holds before returning: for output that must come after them
 * on the same stdout (`npm start`'s banner). Does nothing for a destination without batches.
 */
export function writeHeldLines(log: Logger): void {
  const stream = (log as unknown as Record<symbol, { flushSync?: () => void } | undefined>)[
    pino.symbols.streamSym
  ];
  stream?.flushSync?.();
}

/**
 * The logger of one client request: every line it (and its children, such as each subgraph
 * call's) writes carries the correlation id, and the trace id when there is one.
 */
export function requestLogger(log: Logger, request: { requestId: string; traceId?: string }): Logger {
  return log.child(
    request.traceId
      ? { requestId: request.requestId, traceId: request.traceId }
      : { requestId: request.requestId },
  );
}
