import { describe, expect, it } from 'vitest';
import { checkVariables } from '../../../../gateway/src/security/variables-guard.js';

const limits = { maxVariablesDepth: 20, maxVariableStringLength: 1_000 };

function nestedJson(levels: number, open: string, close: string): string {
  return `${open.repeat(levels)}1${close.repeat(levels)}`;
}

describe('checkVariables', () => {
  it('accepts ordinary variables and values exactly at the depth limit', () => {
    expect(checkVariables({ id: 'p-1', input: { tags: ['a', 'b'], weight: 3 } }, limits)).toBeUndefined();
    expect(checkVariables({ v: JSON.parse(nestedJson(20, '[', ']')) }, limits)).toBeUndefined();
    expect(checkVariables(undefined, limits)).toBeUndefined();
  });

  it('refuses objects nested 10,000 levels deep without recursing', () => {
    const input = JSON.parse(nestedJson(10_000, '{"a":', '}'));
    const error = checkVariables({ input }, limits);
    expect(error?.extensions).toMatchObject({ code: 'VARIABLES_TOO_DEEP', limit: 20, measured: 21 });
    expect(error?.message).toContain(`$input${'.a'.repeat(20)} `);
  });

  it('refuses lists nested 10,000 levels deep', () => {
    const error = checkVariables({ ids: JSON.parse(nestedJson(10_000, '[', ']')) }, limits);
    expect(error?.extensions?.code).toBe('VARIABLES_TOO_DEEP');
  });

  it('terminates on a cyclic object', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    loop.again = loop;
    expect(checkVariables({ loop }, limits)?.extensions?.code).toBe('VARIABLES_TOO_DEEP');
  });

  it('refuses a very long string and says where it is', () => {
    const error = checkVariables({ input: { tags: ['a', 'b', 'x'.repeat(5_000)] } }, limits);
    expect(error?.extensions).toMatchObject({
      code: 'VARIABLES_STRING_TOO_LONG',
      limit: 1_000,
      measured: 5_000,
    });
    expect(error?.message).toContain('$input.tags[2]');
  });

  it('refuses a very long object key or variable name', () => {
    expect(checkVariables({ input: { ['k'.repeat(2_000)]: 1 } }, limits)?.extensions?.code).toBe(
      'VARIABLES_STRING_TOO_LONG',
    );
    expect(checkVariables({ ['v'.repeat(2_000)]: 1 }, limits)?.message).toContain('a variable name');
  });
});
