import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/** What one measured run of closed-loop load observed. */
export interface LoadResult {
  /** Responses received inside the measured window. */
  readonly completed: number;
  /** Of those, the ones whose status or body size differed from the reference answer. */
  readonly unexpected: number;
  /** Length of the measured window, in seconds. */
  readonly seconds: number;
  /** Latency of each response received inside the window, in milliseconds. */
  readonly latenciesMs: readonly number[];
  /** Every request sent, warm-up included: all were answered when the run ends. */
  readonly sent: number;
  /** The first few unexpected answers (status, size, start of the body), to say what went wrong. */
  readonly unexpectedSamples: readonly string[];
}

/** One run's settings. */
export interface LoadRun {
  /** JSON request body, identical for every request. */
  readonly body: string;
  /** Requests in flight at all times. */
  readonly concurrency: number;
  /** Load before measuring starts (not counted). */
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Byte length of the correct answer: a cheap check that every answer is still right. */
  readonly expectedBytes: number;
  /** HTTP status of the correct answer. */
  readonly expectedStatus: number;
}

/**
 * A closed-loop load generator for one gateway URL: `concurrency` workers, each sending its next
 * request as soon as the previous one is answered, over a keep-alive undici Pool with one
 * connection per worker. Responses received inside the measured window count.
 */
export class LoadGenerator {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(
    url: string,
    private readonly connections: number,
  ) {
    const target = new URL(url);
    this.pool = new Pool(target.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
    this.path = `${target.pathname}${target.search}`;
  }

  /** Sends one request and returns its status and body. */
  async send(body: string): Promise<{ status: number; text: string }> {
    const response = await this.pool.request({ path: this.path, method: 'POST', headers: HEADERS, body });
    return { status: response.statusCode, text: await response.body.text() };
  }

  /** Runs load for warm-up plus duration and reports the measured window. */
  async run(run: LoadRun): Promise<LoadResult> {
    const concurrency = Math.min(run.concurrency, this.connections);
    const begin = performance.now();
    const measureFrom = begin + run.warmupMs;
    const measureUntil = measureFrom + run.durationMs;
    const latencies: number[] = [];
    let unexpected = 0;
    let sent = 0;
    const unexpectedSamples: string[] = [];

    const worker = async (): Promise<void> => {
      for (;;) {
        const started = performance.now();
        if (started >= measureUntil) return;
        sent += 1;
        const response = await this.pool.request({
          path: this.path,
          method: 'POST',
          headers: HEADERS,
          body: run.body,
        });
        const answer = await response.body.arrayBuffer();
        const finished = performance.now();
        if (finished < measureFrom || finished > measureUntil) continue;
        latencies.push(finished - started);
        if (response.statusCode !== run.expectedStatus || answer.byteLength !== run.expectedBytes) {
          unexpected += 1;
          if (unexpectedSamples.length < MAX_SAMPLES) {
            const start = Buffer.from(answer, 0, Math.min(answer.byteLength, 200)).toString('utf8');
            unexpectedSamples.push(`HTTP ${response.statusCode}, ${answer.byteLength} bytes: ${start}`);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return {
      completed: latencies.length,
      unexpected,
      seconds: run.durationMs / 1000,
      latenciesMs: latencies,
      sent,
      unexpectedSamples,
    };
  }

  /** Closes the pool's connections. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

const MAX_SAMPLES = 3;
const HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
