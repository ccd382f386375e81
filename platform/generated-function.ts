/**
 * A function made from `body` with `parameters` (`new Function`), or undefined where the process
 * disallows code generation from strings (`--disallow-code-generation-from-strings`, or a policy
 * like it): the caller's generic code serves then. Any other error (a syntax error in `body`) is
 * thrown.
 */
export function generatedFunction<F>(parameters: readonly string[], body: string): F | undefined {
  try {
    return new Function(...parameters, body) as F;
  } catch (error) {
    if (error instanceof EvalError) return undefined;
    throw error;
  }
}
