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
 * The gateway's root logger: JSON lines on stdout (or `destination`), `service: gateway` on each,
 * ISO timestamps, level names, credentials redacted.
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
  return options.destination ? pino(settings, options.destination) : pino(settings);
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
