import { Conflict, InvalidInput, NotFound } from '../../kernel/domain-error.js';
import { quoteInput } from '../../kernel/quote-input.js';

/** A sku that is missing or not of the form `AB-0001-CD`. */
export class InvalidSku extends InvalidInput {
  constructor(message: string) {
    super(message, 'sku');
  }
}

/** A product name that is missing, blank or too long. */
export class InvalidName extends InvalidInput {
  constructor(message: string) {
    super(message, 'name');
  }
}

/** A description that is not text or is too long. */
export class InvalidDescription extends InvalidInput {
  constructor(message: string) {
    super(message, 'description');
  }
}

/** A weight that is missing or not a positive whole number of grams. */
export class InvalidWeight extends InvalidInput {
  constructor(message: string) {
    super(message, 'weightGrams');
  }
}

/** A category outside the fixed set. */
export class UnknownCategory extends InvalidInput {
  constructor(value: unknown, known: readonly string[]) {
    super(`Unknown category ${quoteInput(value)}: expected one of ${known.join(', ')}.`, 'category');
  }
}

/** A null in an update for a field every product must have. */
export class FieldCannotBeCleared extends InvalidInput {
  constructor(field: string) {
    super(`${field} cannot be cleared; omit it to keep the current value.`, field);
  }
}

/** No product has the id. */
export class ProductNotFound extends NotFound {
  constructor(id: string) {
    super(`No product has id ${quoteInput(id)}.`, 'id');
  }
}

/** Another product already carries the sku. */
export class SkuAlreadyTaken extends Conflict {
  constructor(sku: string) {
    super(`Sku ${sku} already belongs to another product.`, 'sku');
  }
}
