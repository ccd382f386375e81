import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../../gateway/src/upstream/retry-after.js';

const now = Date.parse('2025-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to now, and a past date as now', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or malformed value', () => {
    for (const header of [undefined, '', 'soon', '-1', '1.5', '2025-01-01']) {
      expect(parseRetryAfter(header, now)).toBeUndefined();
    }
  });
});
