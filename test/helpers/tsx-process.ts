import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

/** A TypeScript entry point running in a child process under tsx. */
export interface TsxProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything the process wrote so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves to the first match of `pattern` in stdout; fails when the process exits first or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves once the process has exited, to its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs `script` (a path from the repository root) with `node --import tsx`, its environment being
 * this process's plus `env`. A process still running after `maxLifetimeMs` is killed, so a test
 * that forgets one cannot leave it behind.
 */
export function startTsxProcess(
  script: string,
  env: Record<string, string | undefined> = {},
  maxLifetimeMs = 60_000,
): TsxProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return watchProcess(script, child, (signal) => child.kill(signal), maxLifetimeMs);
}

/**
 * Runs `npm run <script>` as a user does (npm -> tsx -> node), in a process group of its own.
 * `stop` signals npm alone, as a process manager does (npm passes the signal on and exits with
 * the script's code); SIGKILL, and the kill after `maxLifetimeMs`, go to the whole group, so
 * nothing of it outlives the test.
 */
export function startNpmScript(
  script: string,
  env: Record<string, string | undefined> = {},
  maxLifetimeMs = 60_000,
): TsxProcess {
  const child = spawn('npm', ['run', '--silent', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const signal = (name: NodeJS.Signals) => {
    if (name !== 'SIGKILL') {
      child.kill(name);
      return;
    }
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // The group has exited already.
    }
  };
  return watchProcess(`npm run ${script}`, child, signal, maxLifetimeMs);
}

function watchProcess(
  script: string,
  child: ChildProcessWithoutNullStreams,
  kill: (signal: NodeJS.Signals) => void,
  maxLifetimeMs: number,
): TsxProcess {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const killer = setTimeout(() => kill('SIGKILL'), maxLifetimeMs);
  killer.unref();
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve(code);
    }),
  );
  let running = true;
  void exited.then(() => {
    running = false;
  });
  const output = () => ({ stdout, stderr });

  return {
    child,
    output,
    exited,
    waitForOutput: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (!match) return false;
          done();
          resolve(match);
          return true;
        };
        const onExit = () => {
          if (check()) return;
          done();
          reject(new Error(`${script} exited before printing ${pattern}: ${JSON.stringify(output())}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `${script} did not print ${pattern} within ${timeoutMs} ms: ${JSON.stringify(output())}`,
            ),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          child.stdout.off('data', check);
          child.off('exit', onExit);
        };
        if (check()) return;
        if (!running) return onExit();
        child.stdout.on('data', check);
        child.once('exit', onExit);
      }),
    stop: async (signal = 'SIGTERM') => {
      if (running) kill(signal);
      return exited;
    },
  };
}

/** How a command run to completion ended. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `script` with `args` under tsx, as `npm run <script> -- <args>` would, and resolves once it
 * exits; it is killed after `maxLifetimeMs`.
 */
export function runTsxCommand(
  script: string,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  maxLifetimeMs = 60_000,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), maxLifetimeMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}
