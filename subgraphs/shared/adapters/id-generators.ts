import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '../ports/id-generator.js';

export class RandomIdGenerator implements IdGenerator {
  next(): string {
    return randomUUID();
  }
}

/** Produces `prefix-1`, `prefix-2`, ...: deterministic ids for seeds and tests. */
export class SequentialIdGenerator implements IdGenerator {
  #n = 0;
  constructor(private readonly prefix: string) {}
  next(): string {
    this.#n += 1;
    return `${this.prefix}-${this.#n}`;
  }
}
