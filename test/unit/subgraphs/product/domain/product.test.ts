import { describe, expect, it } from 'vitest';
import { Product } from '../../../../../subgraphs/product/domain/product.js';
import {
  aChangeStamp,
  aProduct,
  aStoredProduct,
  BUILDER_INSTANT,
} from '../../../../helpers/product-builders.js';

const create = (overrides: Parameters<typeof aProduct>[0] = {}) =>
  Product.create('p-new', aProduct(overrides), aChangeStamp());

describe('Product.create', () => {
  it('builds a product stamped with the creation instant and records ProductCreated with its snapshot', () => {
    const product = create({ sku: 'bk-0009-zz', name: '  Atlas of Clouds  ' });

    expect(product.toSnapshot()).toEqual({
      id: 'p-new',
      sku: 'BK-0009-ZZ',
      name: 'Atlas of Clouds',
      description: 'Pocket-sized, with colour plates.',
      category: 'BOOKS',
      weightGrams: 420,
      createdAt: BUILDER_INSTANT,
      updatedAt: BUILDER_INSTANT,
    });
    expect(product.version).toBe(0);
    expect(product.pullDomainEvents()).toEqual([
      {
        id: 'event-1',
        type: 'ProductCreated',
        aggregateId: 'p-new',
        occurredAt: BUILDER_INSTANT,
        payload: product.toSnapshot(),
      },
    ]);
    expect(product.pullDomainEvents()).toEqual([]);
  });

  it.each([
    [{ name: '' }, 'name', /must not be blank/],
    [{ name: '   ' }, 'name', /must not be blank/],
    [{ name: 'n'.repeat(201) }, 'name', /at most 200 characters \(got 201\)/],
    [{ description: 'd'.repeat(2_001) }, 'description', /at most 2000 characters \(got 2001\)/],
    [{ weightGrams: 0 }, 'weightGrams', /greater than 0 \(got 0\)/],
    [{ weightGrams: -5 }, 'weightGrams', /greater than 0/],
    [{ weightGrams: 1.5 }, 'weightGrams', /whole number of grams \(got 1.5\)/],
    [{ weightGrams: Number.NaN }, 'weightGrams', /whole number of grams/],
    [{ category: 'FOOD' }, 'category', /Unknown category "FOOD"/],
    [{ sku: 'B K' }, 'sku', /not allowed/],
  ])('refuses %j as bad input about %s', (overrides, field, message) => {
    expect(() => create(overrides)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field, message: expect.stringMatching(message) }),
    );
  });

  it('accepts a name of exactly 200 characters and a description of exactly 2,000', () => {
    const product = create({ name: 'n'.repeat(200), description: 'd'.repeat(2_000) });
    expect(product.name).toHaveLength(200);
    expect(product.description).toHaveLength(2_000);
  });

  it('stores a missing or blank description as null', () => {
    expect(create({ description: undefined }).description).toBeNull();
    expect(create({ description: null }).description).toBeNull();
    expect(create({ description: '   ' }).description).toBeNull();
  });
});

describe('Product.update', () => {
  const later = '2026-02-02T08:30:00.000Z';

  it('changes only the given fields and records ProductUpdated with just those', () => {
    const product = aStoredProduct();

    const changes = product.update(
      { name: 'Moss Atlas', weightGrams: 500, category: 'BOOKS' },
      aChangeStamp(later),
    );

    expect(changes).toEqual({ name: 'Moss Atlas', weightGrams: 500 });
    expect(product.toSnapshot()).toMatchObject({
      name: 'Moss Atlas',
      weightGrams: 500,
      sku: 'BK-0001-AB',
      createdAt: BUILDER_INSTANT,
      updatedAt: later,
    });
    expect(product.pullDomainEvents()).toEqual([
      {
        id: 'event-1',
        type: 'ProductUpdated',
        aggregateId: product.id,
        occurredAt: later,
        payload: { name: 'Moss Atlas', weightGrams: 500 },
      },
    ]);
  });

  it('records nothing and keeps updatedAt when no value actually changes', () => {
    const product = aStoredProduct();

    expect(product.update({ sku: 'bk-0001-ab', name: product.name }, aChangeStamp(later))).toEqual({});
    expect(product.update({}, aChangeStamp(later))).toEqual({});
    expect(product.updatedAt.toISOString()).toBe(BUILDER_INSTANT);
    expect(product.pullDomainEvents()).toEqual([]);
  });

  it('clears the description on null', () => {
    const product = aStoredProduct();
    expect(product.update({ description: null }, aChangeStamp(later))).toEqual({ description: null });
    expect(product.description).toBeNull();
  });

  it.each(['sku', 'name', 'category', 'weightGrams'] as const)('refuses to clear %s', (field) => {
    const product = aStoredProduct();
    expect(() => product.update({ [field]: null }, aChangeStamp(later))).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        field,
        message: expect.stringContaining('cannot be cleared'),
      }),
    );
  });

  it('changes nothing when any given field is invalid', () => {
    const product = aStoredProduct();
    const before = product.toSnapshot();

    expect(() => product.update({ name: 'Fine', weightGrams: 0 }, aChangeStamp(later))).toThrow(
      expect.objectContaining({ field: 'weightGrams' }),
    );
    expect(product.toSnapshot()).toEqual(before);
    expect(product.pullDomainEvents()).toEqual([]);
  });
});

describe('Product snapshots', () => {
  it('round-trip through fromSnapshot at the stored version without recording events', () => {
    const original = create();
    const restored = Product.fromSnapshot(original.toSnapshot(), 7);

    expect(restored.toSnapshot()).toEqual(original.toSnapshot());
    expect(restored.version).toBe(7);
    expect(restored.pullDomainEvents()).toEqual([]);
  });

  it('are plain JSON', () => {
    const snapshot = create().toSnapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });
});
