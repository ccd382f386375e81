const PERCENT_LABEL = /^percent\((\d+(?:\.\d+)?)\)$/;

/**
 * Draws, per request, which progressive override labels (`@override(label:)`) are enabled. A
 * label is enabled with the probability its share gives: the configured share (percent) when
 * there is one, else N for a `percent(N)` label, else never.
 */
export class OverrideLabelDraw {
  private readonly shares: readonly { readonly label: string; readonly percent: number }[];

  constructor(
    labels: ReadonlySet<string>,
    configured: Readonly<Record<string, number>> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.shares = [...labels].sort().map((label) => ({ label, percent: shareOf(label, configured) }));
  }

  /** True when the supergraph has no labels: every request plans alike. */
  get isEmpty(): boolean {
    return this.shares.length === 0;
  }

  /** The labels enabled for one request, in name order. */
  draw(): string[] {
    const enabled: string[] = [];
    for (const { label, percent } of this.shares) {
      // Shares of 0 and 100 draw nothing: they are certain.
      if (percent >= 100 || (percent > 0 && this.random() * 100 < percent)) enabled.push(label);
    }
    return enabled;
  }
}

/** The share (percent) of requests that enable a label. */
export function shareOf(label: string, configured: Readonly<Record<string, number>>): number {
  const set = configured[label];
  if (set !== undefined) return set;
  const percent = PERCENT_LABEL.exec(label)?.[1];
  return percent === undefined ? 0 : Math.min(100, Number(percent));
}
