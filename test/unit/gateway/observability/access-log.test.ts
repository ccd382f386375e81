import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  AccessLog,
  countSubgraphRequests,
  type FinishedRequest,
  newRequestRecord,
} from '../../../../gateway/src/observability/access-log.js';
import { capturedLogger } from '../../../helpers/captured-logger.js';

const finished = (status: number, errorCodes: string[] = []): FinishedRequest => ({
  requestId: 'r-1',
  method: 'POST',
  status,
  durationMs: 12.345,
  record: { ...newRequestRecord(), errorCodes },
});

describe('AccessLog', () => {
  it('logs the sampled share of successful requests', () => {
    const { log, lines } = capturedLogger();
    const draws = [0.1, 0.6, 0.2, 0.9];
    const access = new AccessLog(log, { sampleRate: 0.5 }, () => draws.shift() ?? 1);
    for (let i = 0; i < 4; i++) access.write(finished(200));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ msg: 'request', status: 200, durationMs: 12.3, operationName: null });
  });

  it('logs every failed request, by status or by error code, whatever the sample rate', () => {
    const { log, lines } = capturedLogger();
    const access = new AccessLog(log, { sampleRate: 0 }, () => 0);
    access.write(finished(200));
    access.write(finished(429, ['RATE_LIMITED']));
    access.write(finished(200, ['DOWNSTREAM_SERVICE_ERROR']));
    expect(lines.map((line) => line.errorCodes)).toEqual([['RATE_LIMITED'], ['DOWNSTREAM_SERVICE_ERROR']]);
  });

  it('writes nothing when the level is above info', () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    new AccessLog(log, { sampleRate: 1 }).write(finished(500, ['INTERNAL_SERVER_ERROR']));
    expect(lines).toEqual([]);
  });
});

describe('countSubgraphRequests', () => {
  it('counts each subgraph call in the record and passes it on', () => {
    const record = newRequestRecord();
    const seen: string[] = [];
    const hooks = countSubgraphRequests(record, { onFetch: (info) => seen.push(info.subgraph) });
    hooks.onFetch?.({ subgraph: 'a', durationMs: 1, ok: true });
    hooks.onFetch?.({ subgraph: 'b', durationMs: 1, ok: false });
    expect(record.subgraphRequests).toBe(2);
    expect(seen).toEqual(['a', 'b']);
  });
});
