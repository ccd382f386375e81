import { describe, expect, it } from 'vitest';
import { cpuTicksFromStat, parseSocketTable, statusBytes } from '../../../../scripts/bench/proc-parse.js';

describe('/proc parsers', () => {
  it('adds utime and stime, even when the command name holds spaces and parentheses', () => {
    const stat =
      '4242 (node (gateway) x) S 1 4242 4242 0 -1 4194560 12028 0 0 0 731 152 0 0 20 0 11 0 1639 1154506752 38212';
    expect(cpuTicksFromStat(stat)).toBe(731 + 152);
  });

  it('reads kB lines of status as bytes, 0 when absent', () => {
    const status = 'Name:\tnode\nVmHWM:\t  153600 kB\nVmRSS:\t  102400 kB\n';
    expect(statusBytes(status, 'VmRSS')).toBe(102400 * 1024);
    expect(statusBytes(status, 'VmHWM')).toBe(153600 * 1024);
    expect(statusBytes(status, 'VmSwap')).toBe(0);
  });

  it('reads the proportional set size of smaps_rollup, not its Pss_ breakdown', () => {
    const rollup =
      '55d4c0a00000-7ffd1b7f4000 ---p 00000000 00:00 0   [rollup]\nRss:              135168 kB\nPss:               96256 kB\nPss_Dirty:         89088 kB\nPss_Anon:          89088 kB\n';
    expect(statusBytes(rollup, 'Pss')).toBe(96256 * 1024);
  });

  it('tells loopback and unset remote addresses from the others', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:A4F1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0',
      '   1: 0100007F:C350 0100007F:A4F1 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0',
      '   2: 0A00000F:C350 FEA9FEA9:0050 02 00000000:00000000 00:00000000 00000000     0        0 1003 1 0',
    ].join('\n');
    expect(parseSocketTable(table)).toEqual([
      { inode: '1001', remote: '0.0.0.0:0', remoteIsLoopbackOrUnset: true },
      { inode: '1002', remote: '127.0.0.1:42225', remoteIsLoopbackOrUnset: true },
      { inode: '1003', remote: '169.254.169.254:80', remoteIsLoopbackOrUnset: false },
    ]);
  });

  it('knows IPv6 loopback, IPv4-mapped loopback and a public IPv6 address', () => {
    const row = (remote: string, inode: string) =>
      `   0: 00000000000000000000000001000000:1F90 ${remote} 01 00000000:00000000 00:00000000 00000000  0  0 ${inode} 1 0`;
    const table = [
      'header',
      row('00000000000000000000000001000000:A000', '1'),
      row('0000000000000000FFFF00000100007F:A000', '2'),
      row('B80D0120000000000000000001000000:01BB', '3'),
    ].join('\n');
    expect(parseSocketTable(table).map((socket) => socket.remoteIsLoopbackOrUnset)).toEqual([
      true,
      true,
      false,
    ]);
  });
});
