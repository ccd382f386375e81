import { describe, expect, it } from 'vitest';
import {
  CONTENDERS,
  OUR_DEDUPE_SETTING,
  OUR_WORKERS_SETTING,
  selectContenders,
} from '../../../../scripts/bench/contenders.js';

describe('contenders', () => {
  it('runs the catalog with ours and @apollo/gateway only, the public workload with all', () => {
    const on = (workload: 'catalog' | 'gateways-benchmark') =>
      CONTENDERS.filter((contender) => contender.workloads.includes(workload)).map(
        (contender) => contender.id,
      );
    expect(on('catalog')).toEqual(['ours', 'apollo']);
    expect(on('gateways-benchmark')).toEqual([
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
  });

  it('pairs a dedupe-off run of ours, toggling its setting, with Grafbase on and off', () => {
    const byId = new Map(CONTENDERS.map((contender) => [contender.id, contender]));
    expect(byId.get('ours-dedupe-off')).toMatchObject({
      kind: 'ours',
      env: { [OUR_DEDUPE_SETTING]: 'false' },
      toggles: OUR_DEDUPE_SETTING,
    });
    expect(byId.get('grafbase')?.inflightDeduplication).toBe(true);
    expect(byId.get('grafbase-dedupe-off')?.inflightDeduplication).toBe(false);
    expect(byId.get('grafbase-dedupe-off')?.counterpart).toBe('ours-dedupe-off');
    expect(byId.get('ours-workers')).toMatchObject({
      kind: 'ours',
      env: { [OUR_WORKERS_SETTING]: 'auto' },
      toggles: OUR_WORKERS_SETTING,
    });
    expect(byId.get('grafbase')?.counterpart).toBe('ours-workers');
    expect(byId.get('hive')?.hivePlanner).toBe('default');
    expect(byId.get('hive-rust')?.hivePlanner).toBe('rust');
    // The floor shares nothing: ours with sharing off is divided into it too.
    expect(byId.get('node-floor')).toMatchObject({ kind: 'floor', counterpart: 'ours-dedupe-off' });
  });

  it('keeps ours whatever is chosen, in report order', () => {
    expect(selectContenders(['grafbase', 'hive']).map((contender) => contender.id)).toEqual([
      'ours',
      'hive',
      'grafbase',
    ]);
  });

  it('adds --env overrides to the named contender only, over its own settings', () => {
    const chosen = selectContenders(
      [],
      ['ours-dedupe-off:INFLIGHT_DEDUPLICATION=0', 'ours-dedupe-off:LOG_LEVEL=warn', 'hive:JIT=true'],
    );
    const env = (id: string) => chosen.find((contender) => contender.id === id)?.env;
    expect(env('ours-dedupe-off')).toEqual({ INFLIGHT_DEDUPLICATION: '0', LOG_LEVEL: 'warn' });
    expect(env('hive')).toEqual({ JIT: 'true' });
    expect(env('ours')).toEqual({});
  });

  it('accepts a value holding = and :', () => {
    const [ours] = selectContenders([], ['ours:HEADER_RULES=a:b=c']);
    expect(ours?.env).toEqual({ HEADER_RULES: 'a:b=c' });
  });
});
