import { pino } from 'pino';
import type { Logger } from '../../platform/logger.js';

/** A logger whose lines land in `lines`, parsed: for asserting that something was logged. */
export function capturedLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}
