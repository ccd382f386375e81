import { InvalidInput, NotFound } from '../../kernel/domain-error.js';
import { quoteInput } from '../../kernel/quote-input.js';

/** The currency is not one pricing knows. */
export class UnknownCurrency extends InvalidInput {
  constructor(code: unknown, known: readonly string[]) {
    super(`Unknown currency ${quoteInput(code)}: expected one of ${known.join(', ')}.`, 'currency');
  }
}

/** An amount is not a whole, non-negative number of minor units; `field` names which one. */
export class InvalidAmount extends InvalidInput {}

/** A sale amount above the list amount it discounts. */
export class SaleAboveList extends InvalidInput {
  constructor(saleAmount: number, listAmount: number) {
    super(`saleAmount (${saleAmount}) must not exceed listAmount (${listAmount}).`, 'saleAmount');
  }
}

/** A validity bound that is not an ISO-8601 instant, or a window that ends before it starts. */
export class InvalidValidity extends InvalidInput {}

/** A weight that is missing or not a positive whole number of grams. */
export class InvalidWeight extends InvalidInput {
  constructor(message: string) {
    super(message, 'weightGrams');
  }
}

/** No price is known for the product. */
export class PriceNotFound extends NotFound {
  constructor(productId: string) {
    super(`No price is known for product ${quoteInput(productId)}.`, 'productId');
  }
}
