import { describe, expect, it } from 'vitest';
import { generatedFunction } from '../../../platform/generated-function.js';
import { runModuleScript } from '../../helpers/module-script.js';

describe('generatedFunction', () => {
  it('makes a function of the parameters and body', () => {
    const add = generatedFunction<(a: number, b: number) => number>(['a', 'b'], 'return a + b;');
    expect(add?.(2, 3)).toBe(5);
  });

  it('throws what is wrong with a body that does not compile', () => {
    expect(() => generatedFunction(['a'], 'return a +;')).toThrow(SyntaxError);
  });

  it('makes nothing where code generation from strings is disallowed', () => {
    const script = `
      const { generatedFunction } = await import(${JSON.stringify(
        new URL('../../../platform/generated-function.ts', import.meta.url).pathname,
      )});
      process.stdout.write(typeof generatedFunction([], 'return 1;'));`;
    expect(runModuleScript(script)).toBe('function');
    expect(runModuleScript(script, ['--disallow-code-generation-from-strings'])).toBe('undefined');
  });
});
