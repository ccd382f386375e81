import { describe, expect, it } from 'vitest';
import { ReservationNotFound } from '../../../../subgraphs/inventory/domain/errors.js';
import { parseProductId } from '../../../../subgraphs/kernel/product-id.js';
import { QUOTED_INPUT_MAX_CHARS, quoteInput } from '../../../../subgraphs/kernel/quote-input.js';
import { PriceNotFound } from '../../../../subgraphs/pricing/domain/errors.js';

describe('quoteInput', () => {
  it('quotes a short value whole', () => {
    expect(quoteInput('r-1')).toBe('"r-1"');
    expect(quoteInput(42)).toBe('42');
  });

  it('quotes only the first characters of a long value and says how long it was', () => {
    expect(quoteInput('x'.repeat(100_000))).toBe(
      `"${'x'.repeat(QUOTED_INPUT_MAX_CHARS)}"... (100000 characters)`,
    );
  });
});

describe('domain errors about client input', () => {
  const huge = 'y'.repeat(100_000);

  it.each([
    ['ReservationNotFound', () => new ReservationNotFound(huge).message],
    ['PriceNotFound', () => new PriceNotFound(huge).message],
    [
      'InvalidProductId',
      () => {
        try {
          parseProductId(` ${huge}`);
        } catch (error) {
          return (error as Error).message;
        }
        return '';
      },
    ],
  ])('%s stays short however long the input', (_, message) => {
    expect(message().length).toBeLessThan(200);
  });
});
