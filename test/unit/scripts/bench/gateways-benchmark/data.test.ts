import { describe, expect, it } from 'vitest';
import {
  inStockByUpc,
  passage,
  products,
  reviews,
  users,
} from '../../../../../scripts/bench/gateways-benchmark/data.js';
import { shippingEstimate } from '../../../../../scripts/bench/gateways-benchmark/subgraphs.js';

describe('the public benchmark data', () => {
  it('has six users born at 1234567890 and nine products in stock as the benchmark says', () => {
    expect(users.map((user) => user.username)).toEqual([
      'urigo',
      'dotansimha',
      'kamilkisiela',
      'ardatan',
      'gilgardosh',
      'laurin',
    ]);
    expect(new Set(users.map((user) => user.birthday))).toEqual(new Set([1234567890]));
    expect(
      products.map((product) => [product.upc, product.name, product.price, product.weight]),
    ).toContainEqual(['8', 'Fridge', 100000, 6000]);
    expect([...inStockByUpc.values()]).toEqual([true, false, false, false, true, true, true, false, true]);
  });

  it('has eleven reviews with the benchmark products and body lengths', () => {
    expect(reviews.map((review) => review.productUpc)).toEqual([
      '1',
      '1',
      '1',
      '1',
      '2',
      '2',
      '2',
      '2',
      '3',
      '4',
      '4',
    ]);
    expect(reviews.map((review) => review.body.length)).toEqual([
      445, 284, 287, 144, 445, 284, 287, 144, 144, 144, 878,
    ]);
    expect(reviews[0]?.body.startsWith('Lorem ipsum dolor sit amet, consectetur adipiscing elit')).toBe(true);
    expect(reviews[10]?.body.startsWith('At vero eos et accusamus')).toBe(true);
  });

  it('cuts passages to a length, starting over when the text runs out', () => {
    expect(passage('abcdef', 2, 3)).toBe('cde');
    expect(passage('abc', 1, 6)).toBe('bc abc');
  });
});

describe('shippingEstimate', () => {
  it('is free above 1000, half the weight (integer division) otherwise, null without price or weight', () => {
    expect(shippingEstimate({ upc: '2', price: 1299, weight: 1000 })).toBe(0);
    expect(shippingEstimate({ upc: '1', price: 899, weight: 100 })).toBe(50);
    expect(shippingEstimate({ upc: '3', price: 15, weight: 21 })).toBe(10);
    expect(shippingEstimate({ upc: '1', price: 1000, weight: 7 })).toBe(3);
    expect(shippingEstimate({ upc: '1', price: null, weight: 100 })).toBeNull();
    expect(shippingEstimate({ upc: '1', price: 10 })).toBeNull();
  });
});
