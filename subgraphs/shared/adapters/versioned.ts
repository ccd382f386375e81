/** A stored snapshot and the version it was written at. */
export interface Versioned<T> {
  readonly version: number;
  readonly value: T;
}
