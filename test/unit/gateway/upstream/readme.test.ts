import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { upstreamEnvShape } from '../../../../gateway/src/config/upstream-config.js';

const readme = readFileSync(new URL('../../../../gateway/src/upstream/README.md', import.meta.url), 'utf8');

/** Whether a table row starts with this name in backticks (columns may be padded). */
const hasRow = (name: string) => new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm').test(readme);

describe('upstream README', () => {
  it('documents every upstream environment variable in its settings table', () => {
    const undocumented = Object.keys(upstreamEnvShape).filter((name) => !hasRow(name));

    expect(undocumented).toEqual([]);
  });

  it('lists every upstream error code in its code table', () => {
    const codes = [
      'SUBREQUEST_HTTP_ERROR',
      'GATEWAY_TIMEOUT',
      'DEADLINE_EXCEEDED',
      'CIRCUIT_OPEN',
      'BULKHEAD_FULL',
      'SUBGRAPH_BAD_RESPONSE',
      'SUBGRAPH_UNREACHABLE',
    ];

    expect(codes.filter((code) => !hasRow(code))).toEqual([]);
  });
});
