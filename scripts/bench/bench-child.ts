import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { ChildReply } from './child-messages.js';

const ROOT = join(import.meta.dirname, '../..');
const REPLY_TIMEOUT_MS = 120_000;

/** A benchmark child process of ours (subgraphs, load generator, planner timing) driven over IPC. */
export class BenchChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly child: ChildProcess;
  private exited = false;

  /**
   * Forks `script` (a path from the repository root) under tsx. Its stderr is passed through, so
   * a crash is visible.
   */
  constructor(
    readonly label: string,
    script: string,
  ) {
    this.child = fork(join(ROOT, script), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.child.on('message', (reply: ChildReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(`${this.label}: ${reply.error}`));
    });
    this.child.once('exit', (code, signal) => {
      this.exited = true;
      for (const waiter of this.pending.values())
        waiter.reject(new Error(`${this.label} exited (code ${code}, signal ${signal})`));
      this.pending.clear();
    });
  }

  /** Process id, for CPU accounting and pinning. */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.label} did not start`);
    return this.child.pid;
  }

  /** Sends a request and resolves to the child's answer; rejects on its error, exit or silence. */
  request<T>(type: string, payload?: unknown, timeoutMs = REPLY_TIMEOUT_MS): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.label} is not running`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.label} did not answer '${type}' within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ type, id, ...(payload !== undefined && { payload }) });
    });
  }

  /** Asks the child to shut down cleanly; kills it when it does not exit in time. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exit = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.request('stop', undefined, 15_000).catch(() => undefined);
    await exit;
    clearTimeout(killer);
  }
}
