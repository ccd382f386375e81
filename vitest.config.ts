import { defineConfig } from 'vitest/config';

// One project per test kind: they differ in cost and set-up (no I/O, real Redis, real ports).
const kinds = ['unit', 'contract', 'integration', 'e2e', 'faults', 'differential'] as const;

export default defineConfig({
  test: {
    projects: kinds.map((kind) => ({
      extends: true,
      test: {
        name: kind,
        include: [`test/${kind}/**/*.test.ts`],
      },
    })),
    testTimeout: 20_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
