import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { cpuTicksFromStat, parseSocketTable, statusBytes } from './proc-parse.js';

const MICROS_PER_TICK = 1e6 / clockTicksPerSecond();

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A process and all its descendants still alive (a gateway may run workers or a runtime child). */
export function processTree(rootPid: number): number[] {
  const pids: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    if (read(`/proc/${pid}/stat`) === undefined) continue;
    pids.push(pid);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {}
    for (const task of tasks) {
      const children = read(`/proc/${pid}/task/${task}/children`) ?? '';
      for (const child of children.trim().split(/\s+/)) if (child) queue.push(Number(child));
    }
  }
  return pids;
}

/** What a process tree has used so far. */
export interface TreeUsage {
  /** User plus system CPU time of the live processes, in microseconds. */
  readonly cpuMicros: number;
  /** Resident memory now, summed over the processes, in bytes. */
  readonly rss: number;
  /** The largest resident memory each process ever had (VmHWM), summed, in bytes. */
  readonly hwm: number;
}

/** CPU time and memory of a process and its descendants, from /proc. */
export function treeUsage(rootPid: number): TreeUsage {
  let ticks = 0;
  let rss = 0;
  let hwm = 0;
  for (const pid of processTree(rootPid)) {
    const stat = read(`/proc/${pid}/stat`);
    const status = read(`/proc/${pid}/status`);
    if (stat) ticks += cpuTicksFromStat(stat);
    if (status) {
      rss += statusBytes(status, 'VmRSS');
      hwm += statusBytes(status, 'VmHWM');
    }
  }
  return { cpuMicros: ticks * MICROS_PER_TICK, rss, hwm };
}

/**
 * Proportional set size of a process and its descendants, in bytes: their resident memory with
 * each page they share (the Node.js executable's, say) divided among the processes sharing it,
 * where RSS counts it once per process. Reading it walks the page tables: sample it, do not poll.
 */
export function treePss(rootPid: number): number {
  let pss = 0;
  for (const pid of processTree(rootPid)) pss += statusBytes(read(`/proc/${pid}/smaps_rollup`) ?? '', 'Pss');
  return pss;
}

/**
 * The remote addresses of a process tree's sockets that are neither loopback nor unset: what a
 * gateway that phones home would show. Empty when it only talks to this machine.
 */
export function nonLoopbackPeers(rootPid: number): string[] {
  const peers = new Set<string>();
  for (const pid of processTree(rootPid)) {
    const inodes = new Set<string>();
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {}
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith('socket:[')) inodes.add(target.slice(8, -1));
      } catch {}
    }
    for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
      for (const socket of parseSocketTable(read(`/proc/${pid}/net/${table}`) ?? '')) {
        if (inodes.has(socket.inode) && !socket.remoteIsLoopbackOrUnset)
          peers.add(`${table} ${socket.remote}`);
      }
    }
  }
  return [...peers];
}
