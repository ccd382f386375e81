import type { Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { messageOf, type WorkerMessage } from './worker-messages.js';

/**
 * How long the primary waits for every worker's metrics. A scrape fails rather than leave a
 * worker out: counters that drop by one worker's share would read as a reset.
 */
export const COLLECT_TIMEOUT_MS = 3_000;
// A worker waits a little longer for the primary's answer, which waits for every worker.
const ANSWER_TIMEOUT_MS = COLLECT_TIMEOUT_MS + 1_000;

/** The part of a worker process the metrics exchange uses: its IPC channel to the primary. */
export interface PrimaryChannel {
  send(message: WorkerMessage): void;
  on(event: 'message', listener: (message: unknown) => void): void;
}

/**
 * The primary's side: answers a worker's `metrics-wanted` with every worker's metrics summed
 * (each metric by its `aggregator`, `sum` unless it says otherwise), collected from the workers
 * `workers()` names. Call `onMessage` with each message a worker sends.
 */
export class MetricsAggregation {
  private nextId = 0;
  private readonly collecting = new Map<number, (worker: Worker, part: PartMessage) => void>();

  constructor(private readonly workers: () => readonly Worker[]) {}

  onMessage(worker: Worker, message: unknown): void {
    const wanted = messageOf(message, 'hexagraph:metrics-wanted');
    if (wanted) {
      this.collect().then(
        (text) => sendTo(worker, { type: 'hexagraph:metrics-answer', id: wanted.id, text }),
        (error: Error) =>
          sendTo(worker, { type: 'hexagraph:metrics-answer', id: wanted.id, error: error.message }),
      );
      return;
    }
    const part = messageOf(message, 'hexagraph:metrics-part');
    if (part) this.collecting.get(part.id)?.(worker, part);
  }

  /** Every worker's metrics, aggregated, in the Prometheus text format. */
  collect(): Promise<string> {
    const workers = this.workers();
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      const parts = new Map<Worker, object[]>();
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.collecting.delete(id);
        if (error) {
          reject(error);
          return;
        }
        try {
          AggregatorRegistry.aggregate([...parts.values()])
            .metrics()
            .then(resolve, reject);
        } catch (failure) {
          // A metric with an aggregator prom-client does not know: the scrape fails, the primary stays.
          reject(failure as Error);
        }
      };
      const timer = setTimeout(() => {
        const silent = workers.filter((worker) => !parts.has(worker)).map((worker) => worker.process.pid);
        done(
          new Error(`worker processes ${silent.join(', ')} sent no metrics within ${COLLECT_TIMEOUT_MS} ms`),
        );
      }, COLLECT_TIMEOUT_MS);
      this.collecting.set(id, (worker, part) => {
        if (!workers.includes(worker) || parts.has(worker)) return;
        if (part.error !== undefined) {
          done(new Error(`worker process ${worker.process.pid} could not read its metrics: ${part.error}`));
          return;
        }
        parts.set(worker, (part.metrics ?? []) as object[]);
        if (parts.size === workers.length) done();
      });
      if (workers.length === 0) done();
      for (const worker of workers) sendTo(worker, { type: 'hexagraph:metrics-collect', id });
    });
  }
}

type PartMessage = Extract<WorkerMessage, { type: 'hexagraph:metrics-part' }>;

function sendTo(worker: Worker, message: WorkerMessage): void {
  // A worker that just exited cannot be told; its collection times out with its pid named.
  if (worker.isConnected()) worker.send(message);
}

/** A worker's side of a collection: answers the primary's `metrics-collect` with `registry`'s metrics. */
export function answerMetricsCollection(registry: Registry, primary: PrimaryChannel): void {
  primary.on('message', (message) => {
    const collect = messageOf(message, 'hexagraph:metrics-collect');
    if (!collect) return;
    registry.getMetricsAsJSON().then(
      (metrics) => primary.send({ type: 'hexagraph:metrics-part', id: collect.id, metrics }),
      (error: Error) =>
        primary.send({ type: 'hexagraph:metrics-part', id: collect.id, error: error.message }),
    );
  });
}

/**
 * What renders `/metrics` in a worker process: every worker's metrics, aggregated by the primary.
 * Rejects, saying why, when the primary does not answer within ANSWER_TIMEOUT_MS.
 */
export function metricsFromEveryWorker(primary: PrimaryChannel): () => Promise<string> {
  let nextId = 0;
  const waiting = new Map<number, (text: string | undefined, error?: Error) => void>();
  primary.on('message', (message) => {
    const answer = messageOf(message, 'hexagraph:metrics-answer');
    if (!answer) return;
    const failure =
      answer.text === undefined
        ? new Error(answer.error ?? 'the primary process sent no metrics')
        : undefined;
    waiting.get(answer.id)?.(answer.text, failure);
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const finish = (text: string | undefined, error?: Error) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (error) reject(error);
        else resolve(text as string);
      };
      const timer = setTimeout(
        () =>
          finish(undefined, new Error(`the primary process sent no metrics within ${ANSWER_TIMEOUT_MS} ms`)),
        ANSWER_TIMEOUT_MS,
      );
      waiting.set(id, finish);
      try {
        primary.send({ type: 'hexagraph:metrics-wanted', id });
      } catch (error) {
        finish(undefined, error as Error);
      }
    });
}
