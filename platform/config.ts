import { z } from 'zod';

/** A setting that failed validation; the message names the variable and what was wrong. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses environment variables with a zod object schema whose keys are the variable names.
 * Throws a ConfigError listing every bad variable, with the value it had.
 */
export function parseEnv<TShape extends z.ZodRawShape>(
  shape: TShape,
  env: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<TShape>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const value = env[name];
    const shown = value === undefined ? 'unset' : `got ${JSON.stringify(value)}`;
    return `${name}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(issues);
}

/** Environment helpers: each coerces a string variable and explains a bad value. */
export const env = {
  port: (fallback: number) =>
    z.coerce
      .number({ message: 'must be a port number' })
      .int('must be a whole number')
      .min(0, 'must be between 0 and 65535')
      .max(65535, 'must be between 0 and 65535')
      .default(fallback),
  positiveInt: (fallback: number) =>
    z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .positive('must be > 0')
      .default(fallback),
  nonNegativeInt: (fallback: number) =>
    z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be >= 0')
      .default(fallback),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
      .transform((value) => value === 'true' || value === '1' || value === 'yes')
      .default(fallback),
  url: () => z.url({ message: 'must be a URL' }),
  logLevel: () =>
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        message: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  nodeEnv: () => z.enum(['development', 'production', 'test']).default('development'),
};

/** For a process entry point: print the config error and exit instead of throwing a stack. */
export function loadConfigOrExit<T>(load: () => T, service: string): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
