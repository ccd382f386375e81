import { type ChildProcess, spawn } from 'node:child_process';
import { Pool } from 'undici';
import { processTree } from './proc-stats.js';

const TAIL_BYTES = 4_000;
const live = new Set<ServerProcess>();

/** Stops every gateway process still running (on Ctrl-C or a crash of the orchestrator). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...live].map((server) => server.stop(2_000)));
}

/** How to start a gateway process. */
export interface LaunchSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
}

/**
 * A gateway running as its own process (ours compiled, or a peer's CLI), with the tail of its
 * output kept for error messages. Optionally started under `taskset -c <cpus>`.
 */
export class ServerProcess {
  private readonly child: ChildProcess;
  private output = '';
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;

  constructor(
    readonly label: string,
    spec: LaunchSpec,
    cpus?: string,
  ) {
    const [command, args] = cpus
      ? ['taskset', ['-c', cpus, spec.command, ...spec.args]]
      : [spec.command, [...spec.args]];
    this.child = spawn(command, args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    live.add(this);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        live.delete(this);
        resolve();
      });
      this.child.once('error', (error) => {
        this.output += `\n${error.message}`;
        this.exit = { code: null, signal: null };
        live.delete(this);
        resolve();
      });
    });
  }

  /** Process id (under `taskset`, the gateway's own: taskset execs it). */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.label} did not start: ${this.tail()}`);
    return this.child.pid;
  }

  /** The last lines the process printed, without terminal colour codes. */
  tail(): string {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences
    return this.output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').trim();
  }

  /**
   * Resolves once `url` answers `{ __typename }` with HTTP 200; rejects, naming the gateway and
   * quoting its output, when it exits first or does not answer within `timeoutMs`.
   */
  async waitUntilReady(url: string, timeoutMs = 60_000): Promise<void> {
    const target = new URL(url);
    const pool = new Pool(target.origin, { connections: 1 });
    const deadline = Date.now() + timeoutMs;
    try {
      while (Date.now() < deadline) {
        if (this.exit) throw this.failure(`exited (code ${this.exit.code}, signal ${this.exit.signal})`);
        try {
          const response = await pool.request({
            path: target.pathname,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"query":"{ __typename }"}',
            headersTimeout: 2_000,
            bodyTimeout: 2_000,
          });
          await response.body.dump();
          if (response.statusCode === 200) return;
        } catch {}
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw this.failure(`did not answer at ${url} within ${timeoutMs} ms`);
    } finally {
      await pool.destroy();
    }
  }

  private failure(what: string): Error {
    return new Error(`${this.label} ${what}. Its output ends with:\n${indent(this.tail() || '(nothing)')}`);
  }

  /**
   * SIGTERM, then SIGKILL when it has not exited after `graceMs`; any process it started that
   * outlives it is killed too.
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exit) return;
    const descendants = processTree(this.pid).slice(1);
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(killer);
    for (const pid of processTree(this.pid).length === 0 ? descendants : []) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
