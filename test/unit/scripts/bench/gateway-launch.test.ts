import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineContenders, CONTENDERS, type Contender } from '../../../../scripts/bench/contenders.js';
import { grafbaseConfig, type LaunchContext, launchSpec } from '../../../../scripts/bench/gateway-launch.js';

const context: LaunchContext = {
  port: 4567,
  supergraphPath: '/tmp/s.graphql',
  subgraphs: [],
  workDir: '/tmp/work',
  production: {
    nodeFlags: ['--max-semi-space-size=32'],
    environment: { NODE_OPTIONS: '--enable-source-maps', MALLOC_ARENA_MAX: '2' },
    script: 'dist/gateway/src/main.js',
  },
  fenceEnv: { HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1' },
};

const contender = (id: string) => CONTENDERS.find((candidate) => candidate.id === id) as Contender;

describe('launchSpec', () => {
  it('runs ours compiled with the production node flags, rate limit off, and its own env last', () => {
    const spec = launchSpec(
      { ...contender('ours'), env: { MAX_COST: '200000' } },
      { ...context, profileDir: '/tmp/p' },
    );
    expect(spec.command).toBe(process.execPath);
    expect(spec.args).toEqual([
      '--max-semi-space-size=32',
      '--cpu-prof',
      '--cpu-prof-dir=/tmp/p',
      'dist/gateway/src/main.js',
    ]);
    expect(spec.env).toMatchObject({
      NODE_ENV: 'production',
      NODE_OPTIONS: '--enable-source-maps',
      MALLOC_ARENA_MAX: '2',
      PORT: '4567',
      HOST: '127.0.0.1',
      SUPERGRAPH_PATH: '/tmp/s.graphql',
      RATE_LIMIT_ENABLED: 'false',
      MAX_COST: '200000',
    });
    expect(spec.env.HTTPS_PROXY).toBeUndefined();
  });

  it('runs ours under callgrind, counting nowhere until told, JIT code named in a perf map, V8 log beside the counts', () => {
    const spec = launchSpec(contender('ours'), { ...context, callgrindOutFile: '/tmp/c/callgrind.out' });
    expect(spec.command).toBe('valgrind');
    expect(spec.args).toEqual([
      '--tool=callgrind',
      '--instr-atstart=no',
      '--vgdb=yes',
      '--callgrind-out-file=/tmp/c/callgrind.out',
      process.execPath,
      '--perf-basic-prof',
      '--no-logfile-per-isolate',
      '--logfile=/tmp/c/v8.log',
      '--max-semi-space-size=32',
      'dist/gateway/src/main.js',
    ]);
    // callgrind_control finds the gateway's pipes by these two.
    expect(spec.env).toMatchObject({ LOGNAME: 'hexagraph-bench', HOST: '127.0.0.1', PORT: '4567' });
  });

  it('runs ours and the Node peers on the Node.js --node names, and Grafbase as its own binary', () => {
    const on = { ...context, nodePath: '/opt/node-next/bin/node' };
    for (const id of ['ours', 'ours-dedupe-off', 'apollo', 'hive', 'hive-rust', 'node-floor']) {
      expect(launchSpec(contender(id), on).command).toBe('/opt/node-next/bin/node');
    }
    expect(launchSpec(contender('grafbase'), on).command).not.toContain('node-next');
  });

  it('runs @apollo/gateway with its usage reporting off, fenced in', () => {
    expect(launchSpec(contender('apollo'), context).env).toMatchObject({
      NODE_ENV: 'production',
      APOLLO_TELEMETRY_DISABLED: 'true',
      HTTPS_PROXY: 'http://127.0.0.1:9',
    });
  });

  it('runs the node floor built, with no production flags of ours, on the heavy query, fenced in', () => {
    const spec = launchSpec(contender('node-floor'), context);
    expect(spec.command).toBe(process.execPath);
    expect(spec.args).toEqual([
      expect.stringMatching(/\/dist\/scripts\/bench\/gateways-benchmark\/node-floor\.js$/),
    ]);
    expect(spec.env).toMatchObject({
      NODE_ENV: 'production',
      PORT: '4567',
      SUPERGRAPH_PATH: '/tmp/s.graphql',
      QUERY_PATH: expect.stringMatching(/\/bench\/workloads\/gateways-benchmark\/heavy-query\.graphql$/),
      HTTPS_PROXY: 'http://127.0.0.1:9',
    });
    expect(spec.env.MALLOC_ARENA_MAX).toBeUndefined();
  });

  it('runs a baseline checkout as its own Dockerfile starts it', () => {
    const root = mkdtempSync(join(tmpdir(), 'baseline-'));
    writeFileSync(
      join(root, 'Dockerfile'),
      'FROM node:20\nENV MALLOC_ARENA_MAX=4\nCMD ["node", "--max-semi-space-size=2", "dist/gateway/src/main.js"]\n',
    );
    const [baseline] = baselineContenders([contender('ours')], root) as [Contender];
    const spec = launchSpec(baseline, context);
    expect(spec.args).toEqual(['--max-semi-space-size=2', 'dist/gateway/src/main.js']);
    expect(spec.cwd).toBe(root);
    expect(spec.env.MALLOC_ARENA_MAX).toBe('4');
    expect(spec.env.NODE_OPTIONS).not.toBe('--enable-source-maps');
  });

  it('gives the toggle of a dedupe-off contender to ours', () => {
    expect(launchSpec(contender('ours-dedupe-off'), context).env.INFLIGHT_DEDUPLICATION).toBe('false');
  });

  it('starts Hive Gateway as its CLI does, with the config of the chosen planner, fenced in', () => {
    const rust = launchSpec(contender('hive-rust'), context);
    expect(rust.args.slice(1, 3)).toEqual(['supergraph', '/tmp/s.graphql']);
    expect(rust.args).toContain('--config-path');
    expect(rust.args.find((arg) => arg.endsWith('.config.mjs'))).toMatch(
      /gateway-rust-planner\.config\.mjs$/,
    );
    expect(launchSpec(contender('hive'), context).args.find((arg) => arg.endsWith('.config.mjs'))).toMatch(
      /hive\/gateway\.config\.mjs$/,
    );
    expect(rust.env).toMatchObject({ NODE_ENV: 'production', HTTPS_PROXY: 'http://127.0.0.1:9' });
  });

  it('starts grafbase dev on loopback with its own home and config', () => {
    const spec = launchSpec(contender('grafbase'), context);
    expect(spec.command).toMatch(/cli-x86_64-unknown-linux-musl\/grafbase$/);
    expect(spec.args).toEqual([
      '--home',
      '/tmp/work/home',
      'dev',
      '--config',
      '/tmp/work/grafbase.toml',
      '--listen-address',
      '127.0.0.1:4567',
    ]);
    expect(spec.env.HTTPS_PROXY).toBe('http://127.0.0.1:9');
  });
});

describe('grafbaseConfig', () => {
  it('lists each subgraph by URL and SDL file and sets in-flight deduplication', () => {
    const subgraphs = [
      { name: 'accounts', url: 'http://127.0.0.1:1/graphql', schemaPath: '/w/accounts.graphql' },
      { name: 'reviews', url: 'http://127.0.0.1:2/graphql', schemaPath: '/w/reviews.graphql' },
    ];
    expect(grafbaseConfig(subgraphs, false)).toBe(
      [
        '[subgraphs.accounts]',
        'url = "http://127.0.0.1:1/graphql"',
        'schema_path = "/w/accounts.graphql"',
        '',
        '[subgraphs.reviews]',
        'url = "http://127.0.0.1:2/graphql"',
        'schema_path = "/w/reviews.graphql"',
        '',
        '[traffic_shaping]',
        'inflight_deduplication = false',
        '',
      ].join('\n'),
    );
    expect(grafbaseConfig(subgraphs, true)).toContain('inflight_deduplication = true');
  });
});
