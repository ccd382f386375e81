import { spawnSync } from 'node:child_process';

/** Which CPUs the gateway under test gets, and which everything else gets. */
export interface CpuPlan {
  readonly gateway: string;
  readonly others: string;
}

/**
 * The last CPU for the gateway, the rest for the subgraphs, proxies, load generator and this
 * process. Undefined (with the reason) when pinning is impossible: `taskset` missing (util-linux)
 * or a single CPU.
 */
export function cpuPlan(cpuCount: number): CpuPlan | { reason: string } {
  if (spawnSync('taskset', ['--version']).error) {
    return { reason: 'taskset (util-linux) is not installed: no pinning' };
  }
  if (cpuCount < 2) return { reason: `${cpuCount} CPU: nothing to pin apart` };
  const last = cpuCount - 1;
  return { gateway: String(last), others: last === 1 ? '0' : `0-${last - 1}` };
}

/** Moves a running process and all its threads to `cpus`; throws with taskset's message on failure. */
export function pinProcess(pid: number, cpus: string): void {
  const result = spawnSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`taskset -a -cp ${cpus} ${pid} failed: ${result.stderr.trim()}`);
}
