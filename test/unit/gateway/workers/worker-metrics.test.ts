import type { Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { Counter, Gauge, Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerMessage } from '../../../../gateway/src/workers/worker-messages.js';
import {
  answerMetricsCollection,
  COLLECT_TIMEOUT_MS,
  MetricsAggregation,
  metricsFromEveryWorker,
  type PrimaryChannel,
} from '../../../../gateway/src/workers/worker-metrics.js';

/**
 * A worker process in miniature: its registry, and both ends of its IPC channel, delivered on a
 * later turn as the real channel does. `silent` drops what the primary sends it.
 */
function connectedWorker(
  aggregation: () => MetricsAggregation,
  pid: number,
  options: { silent?: boolean } = {},
) {
  const inbox = new EventEmitter();
  const registry = new Registry();
  const worker = {
    process: { pid },
    isConnected: () => true,
    send(message: WorkerMessage) {
      if (!options.silent) setImmediate(() => inbox.emit('message', message));
      return true;
    },
  } as unknown as Worker;
  const channel: PrimaryChannel = {
    send: (message) => setImmediate(() => aggregation().onMessage(worker, message)),
    on: (_event, listener) => inbox.on('message', listener),
  };
  answerMetricsCollection(registry, channel);
  return { worker, registry, render: metricsFromEveryWorker(channel) };
}

function requests(registry: Registry) {
  return new Counter({ name: 'requests_total', help: 'requests', registers: [registry] });
}

function breakerState(registry: Registry) {
  return new Gauge({
    name: 'breaker_state',
    help: 'state',
    labelNames: ['state'] as const,
    registers: [registry],
    aggregator: 'max',
  });
}

/** Lets the messages in flight (each delivered on a later turn) arrive. */
async function messagesDelivered(): Promise<void> {
  for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('metrics across worker processes', () => {
  it('shows every worker its siblings’ metrics too: counters summed, a gauge by its own aggregator', async () => {
    let aggregation: MetricsAggregation | undefined;
    const workers = [1001, 1002].map((pid) => connectedWorker(() => aggregation as MetricsAggregation, pid));
    aggregation = new MetricsAggregation(() => workers.map((each) => each.worker));
    const [first, second] = workers as [(typeof workers)[0], (typeof workers)[0]];
    requests(first.registry).inc(3);
    requests(second.registry).inc(4);
    breakerState(first.registry).set({ state: 'open' }, 1);
    const secondBreaker = breakerState(second.registry);
    secondBreaker.set({ state: 'open' }, 0);
    secondBreaker.set({ state: 'closed' }, 1);

    for (const { render } of workers) {
      const text = await render();
      expect(text).toContain('requests_total 7');
      expect(text).toContain('breaker_state{state="open"} 1');
      expect(text).toContain('breaker_state{state="closed"} 1');
    }
  });

  it('fails the scrape, naming the worker, when one does not answer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let aggregation: MetricsAggregation | undefined;
    const answering = connectedWorker(() => aggregation as MetricsAggregation, 2001);
    const silent = connectedWorker(() => aggregation as MetricsAggregation, 2002, { silent: true });
    aggregation = new MetricsAggregation(() => [answering.worker, silent.worker]);

    const collected = aggregation.collect().catch((error: Error) => error);
    await messagesDelivered();
    await vi.advanceTimersByTimeAsync(COLLECT_TIMEOUT_MS);

    expect(await collected).toEqual(
      new Error(`worker processes 2002 sent no metrics within ${COLLECT_TIMEOUT_MS} ms`),
    );
  });

  it('tells the asking worker why there are no metrics', async () => {
    let aggregation: MetricsAggregation | undefined;
    const asking = connectedWorker(() => aggregation as MetricsAggregation, 3001);
    const broken = connectedWorker(() => aggregation as MetricsAggregation, 3002);
    broken.registry.getMetricsAsJSON = () => Promise.reject(new Error('collector threw'));
    aggregation = new MetricsAggregation(() => [asking.worker, broken.worker]);

    await expect(asking.render()).rejects.toThrow(
      'worker process 3002 could not read its metrics: collector threw',
    );
  });

  it('fails the scrape, and only the scrape, when a metric names an aggregator prom-client lacks', async () => {
    let aggregation: MetricsAggregation | undefined;
    const worker = connectedWorker(() => aggregation as MetricsAggregation, 4001);
    new Gauge({ name: 'odd', help: 'odd', registers: [worker.registry], aggregator: 'median' as 'sum' });
    aggregation = new MetricsAggregation(() => [worker.worker]);

    await expect(worker.render()).rejects.toThrow("'median' is not a defined aggregator.");
  });

  it('gives up on a primary that never answers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const render = metricsFromEveryWorker({ send: () => {}, on: () => {} });

    const rendered = render().catch((error: Error) => error);
    await vi.advanceTimersByTimeAsync(COLLECT_TIMEOUT_MS + 1_000);

    expect(await rendered).toEqual(
      new Error(`the primary process sent no metrics within ${COLLECT_TIMEOUT_MS + 1_000} ms`),
    );
  });
});
