import { describe, expect, it } from 'vitest';
import { createGatewayLogger, requestLogger } from '../../../../gateway/src/observability/gateway-logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createGatewayLogger({ destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  return { log, lines };
}

describe('gateway logger', () => {
  it('writes JSON lines with the service, level name and an ISO time', () => {
    const { log, lines } = capture();

    log.info('started');

    expect(lines[0]).toMatchObject({ service: 'gateway', level: 'info', msg: 'started' });
    expect(Number.isNaN(Date.parse(String(lines[0]?.time)))).toBe(false);
  });

  it('puts the correlation and trace ids on every line of a request, including its children', () => {
    const { log, lines } = capture();
    const reqLog = requestLogger(log, { requestId: 'req-9', traceId: 'abc' });

    reqLog.info('planning');
    reqLog.child({ subgraph: 'pricing' }).warn('subgraph call failed');

    expect(lines).toEqual([
      expect.objectContaining({ requestId: 'req-9', traceId: 'abc', msg: 'planning' }),
      expect.objectContaining({ requestId: 'req-9', traceId: 'abc', subgraph: 'pricing' }),
    ]);
  });

  it('redacts credentials in logged headers', () => {
    const { log, lines } = capture();

    log.info({ headers: { authorization: 'Bearer secret', cookie: 'sid=1', accept: '*/*' } }, 'request');

    expect(lines[0]?.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', accept: '*/*' });
  });
});
