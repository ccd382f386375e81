import { quoteInput } from '../../kernel/quote-input.js';
import { InvalidSku } from './errors.js';

const MIN_LENGTH = 3;
const MAX_LENGTH = 32;
const WELL_FORMED = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;

/**
 * A stock-keeping unit: groups of upper-case letters and digits joined by single dashes
 * (`BK-0001-AB`), 3 to 32 characters. Input is trimmed and upper-cased before it is checked.
 */
export class Sku {
  private constructor(readonly value: string) {}

  /** The normalised sku for `raw`, or InvalidSku saying what is wrong with it. */
  static parse(raw: unknown): Sku {
    if (typeof raw !== 'string') throw new InvalidSku(`sku must be a string (got ${describe(raw)}).`);
    const value = raw.trim().toUpperCase();
    if (value.length === 0) throw new InvalidSku('sku must not be blank.');
    if (value.length < MIN_LENGTH || value.length > MAX_LENGTH) {
      throw new InvalidSku(
        `sku must be ${MIN_LENGTH} to ${MAX_LENGTH} characters long (got ${value.length}): ${quoteInput(raw)}.`,
      );
    }
    const stray = /[^A-Z0-9-]/.exec(value);
    if (stray) {
      throw new InvalidSku(
        `sku may contain only letters, digits and dashes; ${JSON.stringify(stray[0])} at position ${stray.index + 1} of ${quoteInput(raw)} is not allowed.`,
      );
    }
    if (!WELL_FORMED.test(value)) {
      throw new InvalidSku(
        `sku must not start or end with a dash or hold two dashes in a row (got ${quoteInput(raw)}).`,
      );
    }
    return new Sku(value);
  }

  /** Wraps a sku read back from storage, where only parsed skus are ever written. */
  static fromStored(value: string): Sku {
    return new Sku(value);
  }

  /** True when both name the same sku. */
  equals(other: Sku): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value;
}
