/**
 * The name token a subgraph name takes in variable names and override keys: `price-svc` ->
 * `PRICE_SVC` (upper case, any character other than a letter or digit written `_`).
 */
export function subgraphToken(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
