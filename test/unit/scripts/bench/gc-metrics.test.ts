import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { gcSecondsOf, readGcSeconds } from '../../../../scripts/bench/gc-metrics.js';

describe('gcSecondsOf', () => {
  it('adds the pause sums of every kind of collection', () => {
    const text = [
      '# HELP nodejs_gc_duration_seconds Garbage collection duration by kind.',
      '# TYPE nodejs_gc_duration_seconds histogram',
      'nodejs_gc_duration_seconds_bucket{le="0.001",kind="minor"} 10',
      'nodejs_gc_duration_seconds_sum{kind="minor"} 0.25',
      'nodejs_gc_duration_seconds_count{kind="minor"} 40',
      'nodejs_gc_duration_seconds_sum{kind="major"} 0.5',
      'nodejs_gc_duration_seconds_sum{kind="incremental"} 1e-3',
      'nodejs_heap_size_total_bytes 123',
    ].join('\n');
    expect(gcSecondsOf(text)).toBeCloseTo(0.751);
  });

  it('has nothing to say for metrics without the GC series', () => {
    expect(gcSecondsOf('process_cpu_seconds_total 3\n')).toBeUndefined();
    expect(gcSecondsOf('')).toBeUndefined();
  });

  it("reads prom-client's default metrics from a real /metrics endpoint", async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const server = createServer(async (_req, res) => {
      res.setHeader('content-type', registry.contentType);
      res.end(await registry.metrics());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
      // Allocate until a collection has happened and been reported (bounded).
      let seconds: number | undefined;
      for (let attempt = 0; attempt < 100 && seconds === undefined; attempt += 1) {
        const garbage = Array.from({ length: 100_000 }, (_, index) => ({ index }));
        garbage.length = 0;
        await new Promise((resolve) => setTimeout(resolve, 5));
        seconds = await readGcSeconds(url);
      }
      expect(seconds).toBeGreaterThan(0);
      await expect(readGcSeconds('http://127.0.0.1:1/metrics')).resolves.toBeUndefined();
    } finally {
      server.close();
      registry.clear();
    }
  });
});
