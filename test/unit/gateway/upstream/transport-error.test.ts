import { describe, expect, it } from 'vitest';
import { DeadlineExceededError } from '../../../../gateway/src/request/deadline.js';
import { abortedCall, upstreamErrorFromTransport } from '../../../../gateway/src/upstream/transport-error.js';

const live = new AbortController().signal;
const coded = (code: string, message = '') => Object.assign(new Error(message), { code });

describe('upstreamErrorFromTransport', () => {
  it.each([
    [
      'a refused connection',
      coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
      'SUBGRAPH_UNREACHABLE',
    ],
    ['a reset', coded('ECONNRESET'), 'SUBGRAPH_UNREACHABLE'],
    ['a socket closed by the other side', coded('UND_ERR_SOCKET'), 'SUBGRAPH_UNREACHABLE'],
    ['a connect timeout', coded('UND_ERR_CONNECT_TIMEOUT'), 'SUBGRAPH_UNREACHABLE'],
    ['a DNS failure', coded('ENOTFOUND'), 'SUBGRAPH_UNREACHABLE'],
    ['a headers timeout', coded('UND_ERR_HEADERS_TIMEOUT'), 'GATEWAY_TIMEOUT'],
    ['an HTTP parser error', coded('HPE_INVALID_CONSTANT'), 'SUBGRAPH_BAD_RESPONSE'],
  ])('maps %s', (_, error, code) => {
    expect(upstreamErrorFromTransport('pricing', error, live)).toMatchObject({ code, subgraph: 'pricing' });
  });

  it('finds the code inside an AggregateError of connection attempts', () => {
    const error = new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], '');

    expect(upstreamErrorFromTransport('pricing', error, live).code).toBe('SUBGRAPH_UNREACHABLE');
  });

  it('reports an aborted call by the abort, whatever undici threw', () => {
    const controller = new AbortController();
    controller.abort(new DeadlineExceededError(Date.now()));

    expect(upstreamErrorFromTransport('pricing', coded('UND_ERR_ABORTED'), controller.signal).code).toBe(
      'DEADLINE_EXCEEDED',
    );
  });
});

describe('abortedCall', () => {
  it('uses GATEWAY_TIMEOUT when the abort reason says so, DEADLINE_EXCEEDED otherwise', () => {
    const timedOut = new AbortController();
    timedOut.abort(coded('GATEWAY_TIMEOUT'));
    const cancelled = new AbortController();
    cancelled.abort();

    expect(abortedCall('pricing', timedOut.signal).code).toBe('GATEWAY_TIMEOUT');
    expect(abortedCall('pricing', cancelled.signal).code).toBe('DEADLINE_EXCEEDED');
  });
});
