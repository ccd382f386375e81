import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent } from '../../../../gateway/src/observability/trace-context.js';

const VALID = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('parseTraceparent', () => {
  it('reads a valid version-00 header as a remote span context', () => {
    expect(parseTraceparent(VALID)).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
      isRemote: true,
    });
  });

  it('accepts upper case and a future version with extra fields', () => {
    expect(parseTraceparent(VALID.toUpperCase())).toBeDefined();
    expect(parseTraceparent(`cc-${VALID.slice(3)}-what-comes-next`)).toBeDefined();
  });

  it.each([
    ['a missing header', undefined],
    ['garbage', 'hello'],
    ['version ff', `ff-${VALID.slice(3)}`],
    ['an all-zero trace id', '00-00000000000000000000000000000000-b7ad6b7169203331-01'],
    ['an all-zero span id', '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01'],
    ['extra fields on version 00', `${VALID}-extra`],
    ['a short trace id', '00-0af7651916cd43dd8448eb211c8031-b7ad6b7169203331-01'],
  ])('rejects %s', (_, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });
});

describe('formatTraceparent', () => {
  it('round-trips a parsed header', () => {
    expect(formatTraceparent(parseTraceparent(VALID)!)).toBe(VALID);
  });

  it('keeps only the sampled flag', () => {
    expect(formatTraceparent({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 0xff })).toBe(
      `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
    );
  });
});
