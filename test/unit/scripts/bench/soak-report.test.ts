import { describe, expect, it } from 'vitest';
import { soakReport } from '../../../../scripts/bench/soak-report.js';

const MIB = 2 ** 20;

describe('soakReport', () => {
  it('gives min, max, first, last, the growth, a curve and every sample', () => {
    const lines = soakReport([
      { seconds: 0, rss: 100 * MIB },
      { seconds: 10, rss: 140 * MIB },
      { seconds: 20, rss: 120 * MIB },
    ]);
    expect(lines[0]).toBe(
      'RSS MiB: min 100.0, max 140.0, first 100.0, last 120.0 (last - first: +20.0; 3 samples)',
    );
    expect(lines[1]).toBe('curve (100.0..140.0 MiB): ▁█▅');
    expect(lines.slice(3)).toEqual(['       0     100.0', '      10     140.0', '      20     120.0']);
  });

  it('draws a flat line for constant memory and says when there is no sample', () => {
    expect(
      soakReport([
        { seconds: 0, rss: MIB },
        { seconds: 10, rss: MIB },
      ])[1],
    ).toBe('curve (1.0..1.0 MiB): ▁▁');
    expect(soakReport([])).toEqual(['RSS: no sample']);
  });
});
