import { defineConfig } from 'vitest/config';

// One project per test kind: they differ in cost and set-up (no I/O, real Redis, real ports, a browser).
const kinds = ['unit', 'contract', 'integration', 'e2e', 'faults', 'differential', 'browser'] as const;

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports" map: Node resolves it (and so Apollo Server, loaded natively)
    // to the CommonJS build, while Vite would pick the ESM build for our sources. Two copies of
    // graphql break instanceof checks on schemas and errors, so make our code use Node's.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
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
    // @apollo/gateway, the differential oracle, otherwise probes cloud metadata servers and
    // reports usage to Apollo at start-up: tests reach nothing but loopback.
    env: { APOLLO_TELEMETRY_DISABLED: 'true' },
  },
});
