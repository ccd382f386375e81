/** Source of new identifiers (aggregate ids, event ids). */
export interface IdGenerator {
  next(): string;
}
