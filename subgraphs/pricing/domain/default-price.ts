import type { PriceTermsInput } from './price-terms.js';

/**
 * The catalog's default price: what a newly created product costs until someone sets its price
 * (9.99 EUR, no sale, valid from the moment it is applied).
 */
export const DEFAULT_PRICE_TERMS: Readonly<PriceTermsInput> = { currency: 'EUR', listAmount: 999 };
