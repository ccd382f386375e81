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

/** A fixed number of requests (see `LoadGenerator.runCount`). */
export interface CountRun {
  readonly body: string;
  readonly requests: number;
  readonly concurrency: number;
  readonly expectedBytes: number;
  readonly expectedStatus: number;
}

/** What a counted run saw. */
export interface CountResult {
  readonly completed: number;
  readonly unexpected: number;
  readonly unexpectedSamples: readonly string[];
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
    const surprises = new Surprises(run.expectedStatus, run.expectedBytes);
    let sent = 0;

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
        surprises.check(response.statusCode, answer);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return {
      completed: latencies.length,
      unexpected: surprises.count,
      seconds: run.durationMs / 1000,
      latenciesMs: latencies,
      sent,
      unexpectedSamples: surprises.samples,
    };
  }

  /**
   * Sends exactly `requests` requests, `concurrency` at a time, and waits for every answer: for a
   * count of work rather than a rate. Says how many answers differed from the expected one.
   */
  async runCount(run: CountRun): Promise<CountResult> {
    let left = run.requests;
    const surprises = new Surprises(run.expectedStatus, run.expectedBytes);
    const worker = async (): Promise<void> => {
      while (left > 0) {
        left -= 1;
        const response = await this.pool.request({
          path: this.path,
          method: 'POST',
          headers: HEADERS,
          body: run.body,
        });
        surprises.check(response.statusCode, await response.body.arrayBuffer());
      }
    };
    await Promise.all(Array.from({ length: Math.min(run.concurrency, this.connections) }, worker));
    return { completed: run.requests, unexpected: surprises.count, unexpectedSamples: surprises.samples };
  }

  /** Closes the pool's connections. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

const MAX_SAMPLES = 3;

/** Answers whose status or size differ from the expected one: counted, the first few quoted. */
class Surprises {
  count = 0;
  readonly samples: string[] = [];

  constructor(
    private readonly status: number,
    private readonly bytes: number,
  ) {}

  check(status: number, answer: ArrayBuffer): void {
    if (status === this.status && answer.byteLength === this.bytes) return;
    this.count += 1;
    if (this.samples.length >= MAX_SAMPLES) return;
    const start = Buffer.from(answer, 0, Math.min(answer.byteLength, 200)).toString('utf8');
    this.samples.push(`HTTP ${status}, ${answer.byteLength} bytes: ${start}`);
  }
}
const HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
