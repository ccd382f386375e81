import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../../../scripts/bench/bench-options.js';

describe('parseBenchOptions', () => {
  it('defaults to every workload and gateway, 50 connections, 10 s measured in 2 rounds', () => {
    const options = parseBenchOptions([]);
    if (options === 'help') throw new Error('unexpected help');
    expect(options).toMatchObject({
      seconds: 10,
      warmupSeconds: 3,
      concurrency: 50,
      rounds: 2,
      workloads: ['catalog', 'gateways-benchmark'],
      pin: false,
      planSamples: 30,
    });
    expect(options.contenders.map((contender) => contender.id)).toEqual([
      'ours',
      'ours-dedupe-off',
      'ours-workers',
      'apollo',
      'hive',
      'hive-rust',
      'grafbase',
      'grafbase-dedupe-off',
      'node-floor',
    ]);
    expect(options.soakMinutes).toBeUndefined();
    expect(options.profileDir).toBeUndefined();
  });

  it('reads every option', () => {
    const options = parseBenchOptions([
      '--workload',
      'gateways-benchmark',
      '--gateways',
      'grafbase,apollo',
      '--env',
      'ours:PLAN_CACHE_SIZE=10',
      '--seconds',
      '12',
      '--warmup',
      '1',
      '--concurrency',
      '20',
      '--rounds',
      '4',
      '--pin',
      '--profile',
      '/tmp/profiles',
      '--soak',
      '2.5',
      '--plan-samples',
      '0',
    ]);
    if (options === 'help') throw new Error('unexpected help');
    expect(options).toMatchObject({
      workloads: ['gateways-benchmark'],
      seconds: 12,
      warmupSeconds: 1,
      concurrency: 20,
      rounds: 4,
      pin: true,
      profileDir: '/tmp/profiles',
      soakMinutes: 2.5,
      planSamples: 0,
    });
    expect(options.contenders.map((contender) => contender.id)).toEqual(['ours', 'apollo', 'grafbase']);
    expect(options.contenders[0]?.env).toEqual({ PLAN_CACHE_SIZE: '10' });
  });

  it('counts instructions of ours alone unless others of ours are asked for', () => {
    const alone = parseBenchOptions(['--instructions', '300']);
    if (alone === 'help') throw new Error('unexpected help');
    expect(alone.instructionRequests).toBe(300);
    expect(alone.contenders.map((contender) => contender.id)).toEqual(['ours']);
    const both = parseBenchOptions(['--instructions', '300', '--gateways', 'ours-dedupe-off']);
    if (both === 'help') throw new Error('unexpected help');
    expect(both.contenders.map((contender) => contender.id)).toEqual(['ours', 'ours-dedupe-off']);
    expect(() => parseBenchOptions(['--instructions', '10'])).toThrow(
      '--instructions: expected a number from 50 to 100000, got "10"',
    );
    expect(() => parseBenchOptions(['--instructions', '300', '--soak', '1'])).toThrow(
      '--soak and --instructions each replace the comparison',
    );
  });

  it('counts the executor alone in place of the comparison, one of the counts at a time', () => {
    const options = parseBenchOptions(['--executor', '400']);
    if (options === 'help') throw new Error('unexpected help');
    expect(options.executorRequests).toBe(400);
    expect(options.instructionRequests).toBeUndefined();
    expect(() => parseBenchOptions(['--executor', '20'])).toThrow(
      '--executor: expected a number from 50 to 100000, got "20"',
    );
    expect(() => parseBenchOptions(['--instructions', '300', '--executor', '300'])).toThrow(
      '--instructions and --executor each replace the comparison',
    );
    expect(() => parseBenchOptions(['--soak', '1', '--instructions', '300', '--executor', '300'])).toThrow(
      '--soak and --instructions and --executor each replace the comparison',
    );
  });

  it('answers help', () => {
    expect(parseBenchOptions(['--help'])).toBe('help');
  });

  it.each([
    [['--seconds', 'ten'], '--seconds: expected a number from 0.5 to 3600, got "ten"'],
    [['--concurrency', '0'], '--concurrency: expected a number from 1 to 1024, got "0"'],
    [
      ['--workload', 'everything'],
      '--workload: unknown "everything"; known: catalog, gateways-benchmark, all',
    ],
    [['--scenario', 'huge'], '--scenario: unknown huge; known: heavy, light, fragments'],
    [['--gateways', 'nginx'], '--gateways: unknown nginx'],
    [['--env', 'ours:lower case=1'], '--env: expected id:NAME=value'],
    [['--env', 'router:A=1'], '--env router:A=1: unknown gateway "router"'],
  ])('refuses %j, naming the option', (argv, message) => {
    expect(() => parseBenchOptions(argv)).toThrow(message);
  });

  it('refuses an unknown option', () => {
    expect(() => parseBenchOptions(['--fast'])).toThrow(/fast/);
  });

  it('runs the gateways on the Node.js --node names, with the version it reports', () => {
    const options = parseBenchOptions(['--node', process.execPath]);
    if (options === 'help') throw new Error('unexpected help');

    expect(options.node).toEqual({ path: process.execPath, version: process.version });
  });

  it('refuses a --node that does not run, naming it', () => {
    expect(() => parseBenchOptions(['--node', '/nonexistent/node'])).toThrow(
      /^--node: \/nonexistent\/node does not run/,
    );
  });
});
