import { describe, expect, it } from 'vitest';
import { withoutExpectedStacktrace } from '../../../platform/expected-errors.js';

describe('withoutExpectedStacktrace', () => {
  it('drops the stack trace of NOT_FOUND, CONFLICT and BAD_USER_INPUT', () => {
    for (const code of ['NOT_FOUND', 'CONFLICT', 'BAD_USER_INPUT']) {
      const formatted = {
        message: 'no',
        path: ['a'],
        extensions: { code, field: 'id', stacktrace: ['at x'] },
      };
      expect(withoutExpectedStacktrace(formatted)).toEqual({
        message: 'no',
        path: ['a'],
        extensions: { code, field: 'id' },
      });
    }
  });

  it('keeps the stack trace of any other error', () => {
    const formatted = {
      message: 'boom',
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] },
    };
    expect(withoutExpectedStacktrace(formatted)).toBe(formatted);
  });
});
