import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, env, parseEnv } from '../../../platform/config.js';

describe('parseEnv', () => {
  const shape = {
    PORT: env.port(4001),
    STORAGE: z.enum(['memory', 'redis']).default('memory'),
    DEBUG: env.boolean(false),
  };

  it('applies defaults and coerces values', () => {
    expect(parseEnv(shape, {})).toEqual({ PORT: 4001, STORAGE: 'memory', DEBUG: false });
    expect(parseEnv(shape, { PORT: '5000', DEBUG: 'true' })).toMatchObject({ PORT: 5000, DEBUG: true });
  });

  it('names every bad variable and its value', () => {
    const attempt = () => parseEnv(shape, { PORT: 'eighty', STORAGE: 'postgres' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT');
      expect(message).toContain('"eighty"');
      expect(message).toContain('STORAGE');
      expect(message).toContain('"postgres"');
    }
  });

  it('refuses a port out of range', () => {
    expect(() => parseEnv(shape, { PORT: '70000' })).toThrow(/PORT: must be between 0 and 65535/);
  });
});
