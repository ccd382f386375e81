import { describe, expect, it } from 'vitest';
import { soakReport } from '../../../../scripts/bench/soak-report.js';

const MB = 2 ** 20;

describe('soakReport', () => {
  it('gives min, max, first, last, the growth, a curve and every sample', () => {
    const lines = soakReport([
      { seconds: 0, rss: 100 * MB },
      { seconds: 10, rss: 140 * MB },
      { seconds: 20, rss: 120 * MB },
    ]);
    expect(lines[0]).toBe(
      'RSS MB: min 100.0, max 140.0, first 100.0, last 120.0 (last - first: +20.0; 3 samples)',
    );
    expect(lines[1]).toBe('curve (100.0..140.0 MB): ▁█▅');
    expect(lines.slice(3)).toEqual(['       0     100.0', '      10     140.0', '      20     120.0']);
  });

  it('draws a flat line for constant memory and says when there is no sample', () => {
    expect(
      soakReport([
        { seconds: 0, rss: MB },
        { seconds: 10, rss: MB },
      ])[1],
    ).toBe('curve (1.0..1.0 MB): ▁▁');
    expect(soakReport([])).toEqual(['RSS: no sample']);
  });
});
