/** Pure parsers of the Linux `/proc` files the benchmark reads (no I/O here, so they are unit tested). */

/** User plus system CPU time from `/proc/<pid>/stat`, in clock ticks. */
export function cpuTicksFromStat(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * A `kB` line of `/proc/<pid>/status` (e.g. `VmRSS`, `VmHWM`) or `/proc/<pid>/smaps_rollup` (`Pss`)
 * in bytes; 0 when absent.
 */
export function statusBytes(status: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** One socket of `/proc/<pid>/net/{tcp,tcp6,udp,udp6}`. */
export interface SocketEntry {
  readonly inode: string;
  readonly remote: string;
  readonly remoteIsLoopbackOrUnset: boolean;
}

/** The sockets listed in a `/proc/net/tcp`-style table. */
export function parseSocketTable(table: string): SocketEntry[] {
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 10)
    .map((fields) => {
      const remote = fields[2] as string;
      return {
        inode: fields[9] as string,
        remote: formatAddress(remote),
        remoteIsLoopbackOrUnset: isLoopbackOrUnset(remote),
      };
    });
}

/** `0100007F:1F90` (little-endian IPv4) or a 32-hex-digit IPv6 address with its port. */
function isLoopbackOrUnset(hexAddress: string): boolean {
  const [ip = ''] = hexAddress.split(':');
  if (/^0+$/.test(ip)) return true;
  if (ip.length === 8) return ip.endsWith('7F');
  // ::1, and IPv4-mapped ::ffff:127.x.y.z
  if (ip === '00000000000000000000000001000000') return true;
  return ip.startsWith('0000000000000000FFFF0000') && ip.endsWith('7F');
}

function formatAddress(hexAddress: string): string {
  const [ip = '', port = '0'] = hexAddress.split(':');
  const portNumber = Number.parseInt(port, 16);
  if (ip.length === 8) {
    const bytes = (ip.match(/../g) ?? []).map((byte) => Number.parseInt(byte, 16)).reverse();
    return `${bytes.join('.')}:${portNumber}`;
  }
  return `[${ip}]:${portNumber}`;
}
