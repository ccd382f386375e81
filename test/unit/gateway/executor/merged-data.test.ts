import { describe, expect, it } from 'vitest';
import { MergedData } from '../../../../gateway/src/executor/merge-data.js';
import { deepFreeze } from '../../../helpers/in-process-subgraph-client.js';

const isInterface = (name: string) => name === 'Node';

/** Two products a first fetch returned, and one fetched entity standing as what is added to both. */
function oneEntityForTwoObjects() {
  const data = new MergedData(isInterface);
  const first: Record<string, unknown> = deepFreeze({ upc: '1' });
  const second: Record<string, unknown> = deepFreeze({ upc: '1' });
  data.merge(data.root, { reviews: [{ product: first }, { product: second }] });
  const entity = deepFreeze({ name: 'Table', price: 12 });
  data.merge(first, entity);
  data.merge(second, entity);
  return { data, first, second, entity };
}

describe('MergedData', () => {
  it('merges fetched objects key by key and list by list without changing any of them', () => {
    const data = new MergedData(isInterface);
    const first = deepFreeze({
      products: [
        { id: 'p1', reviews: [{ id: 'r1' }] },
        { id: 'p2', reviews: [] },
      ],
    });
    const second = deepFreeze({ products: [{ name: 'One', reviews: [{ body: 'Good' }] }, { name: 'Two' }] });
    data.merge(data.root, first);
    data.merge(data.root, second);

    const products = data.get(data.root, 'products') as Record<string, unknown>[];
    expect(products).toBe(first.products);
    const [one, two] = products as [Record<string, unknown>, Record<string, unknown>];
    expect(data.get(one, 'id')).toBe('p1');
    expect(data.get(one, 'name')).toBe('One');
    expect(data.get(two, 'name')).toBe('Two');
    const review = (data.get(one, 'reviews') as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(data.get(review, 'body')).toBe('Good');
    expect(data.addedTo(one)).toEqual({ name: 'One' });
    expect(data.get(one, 'missing')).toBeUndefined();
  });

  it('lets one fetched entity stand for what it adds to many objects, copied before any is added to again', () => {
    const { data, first, second, entity } = oneEntityForTwoObjects();
    expect(data.addedTo(first)).toBe(entity);
    expect(data.addedTo(second)).toBe(entity);

    data.merge(first, deepFreeze({ inStock: true, name: 'Table' }));

    expect(data.addedTo(first)).toEqual({ name: 'Table', price: 12, inStock: true });
    expect(data.addedTo(first)).not.toBe(entity);
    expect(data.addedTo(second)).toBe(entity);
    expect(entity).toEqual({ name: 'Table', price: 12 });
    expect(data.get(second, 'inStock')).toBeUndefined();
    expect(data.get(first, 'upc')).toBe('1');
  });

  it('adds a second fetch of only new fields beside a borrowed first one, changing neither', () => {
    const { data, first, second, entity } = oneEntityForTwoObjects();
    const stock = deepFreeze({ inStock: true, shippingEstimate: 5 });

    data.merge(first, stock);
    data.merge(first, deepFreeze({ weight: 3 }));
    // Parsed JSON, as a subgraph answer is: `__proto__` is an own key there.
    data.merge(first, deepFreeze(JSON.parse('{"__proto__": "own", "price": 13}')));

    const added = data.addedTo(first) as Record<string, unknown>;
    expect(Object.entries(added)).toEqual([
      ['name', 'Table'],
      ['price', 13],
      ['inStock', true],
      ['shippingEstimate', 5],
      ['weight', 3],
      ['__proto__', 'own'],
    ]);
    expect(data.get(first, '__proto__')).toBe('own');
    expect(data.addedTo(second)).toBe(entity);
    expect(entity).toEqual({ name: 'Table', price: 12 });
    expect(stock).toEqual({ inStock: true, shippingEstimate: 5 });
    expect(data.get(second, 'inStock')).toBeUndefined();
  });

  it('adds one later fetch of new fields to every object naming the entity as one shared addition', () => {
    const { data, first, second, entity } = oneEntityForTwoObjects();
    const stock = deepFreeze({ inStock: true });
    data.merge(first, stock);
    data.merge(second, stock);

    const shared = data.addedTo(first);
    expect(shared).toEqual({ name: 'Table', price: 12, inStock: true });
    expect(data.addedTo(second)).toBe(shared);

    // Added to again with a field it has: the object gets its own copy, the other keeps the shared one.
    data.merge(first, deepFreeze({ price: 13 }));
    expect(data.addedTo(first)).toEqual({ name: 'Table', price: 13, inStock: true });
    expect(data.addedTo(second)).toBe(shared);
    expect(shared).toEqual({ name: 'Table', price: 12, inStock: true });
    expect(entity).toEqual({ name: 'Table', price: 12 });

    // The same fetched object over another borrowed addition: combined anew, not taken for the first.
    const third: Record<string, unknown> = deepFreeze({ upc: '2' });
    data.merge(data.root, { more: third });
    data.merge(third, deepFreeze({ name: 'Lamp' }));
    data.merge(third, stock);
    expect(data.addedTo(third)).toEqual({ name: 'Lamp', inStock: true });
    data.merge(second, deepFreeze({ weight: 3 }));
    expect(data.addedTo(second)).toEqual({ name: 'Table', price: 12, inStock: true, weight: 3 });
  });

  it("adds a later fetch field by field where the object's own fields have one of its keys", () => {
    const data = new MergedData(isInterface);
    const first: Record<string, unknown> = deepFreeze({ upc: '1', inStock: false });
    const second: Record<string, unknown> = deepFreeze({ upc: '1' });
    data.merge(data.root, { products: [first, second] });
    const entity = deepFreeze({ name: 'Table' });
    data.merge(first, entity);
    data.merge(second, entity);
    const stock = deepFreeze({ inStock: true, shippingEstimate: 5 });
    data.merge(first, stock);
    data.merge(second, stock);
    expect(data.addedTo(first)).toEqual({ name: 'Table', inStock: true, shippingEstimate: 5 });
    expect(data.addedTo(first)).not.toBe(data.addedTo(second));
    expect(data.get(first, 'inStock')).toBe(true);
    expect(data.get(second, 'inStock')).toBe(true);

    // A key the borrowed addition has: its object merged into, not replaced.
    const dimensions = deepFreeze({ dimensions: { size: 'M' } });
    const third: Record<string, unknown> = deepFreeze({ upc: '2' });
    data.merge(data.root, { more: third });
    data.merge(third, dimensions);
    data.merge(third, deepFreeze({ dimensions: { weight: 3 } }));
    const merged = data.get(third, 'dimensions') as Record<string, unknown>;
    expect(merged).toBe(dimensions.dimensions);
    expect([data.get(merged, 'size'), data.get(merged, 'weight')]).toEqual(['M', 3]);
  });

  it('adds nothing for a fetched object without fields', () => {
    const data = new MergedData(isInterface);
    const target = deepFreeze({ upc: '1' });
    data.merge(target, deepFreeze({}));
    expect(data.addedTo(target)).toBeUndefined();
  });

  it('merges a fetched object into one that already has some of its fields field by field', () => {
    const data = new MergedData(isInterface);
    const target = deepFreeze({ __typename: 'Product', upc: '1', dimensions: { size: 'M' } });
    const entity = deepFreeze({ __typename: 'Node', dimensions: { weight: 3 }, name: 'Table' });
    data.merge(target, entity);
    expect(data.addedTo(target)).not.toBe(entity);
    expect(data.get(target, '__typename')).toBe('Product');
    expect(data.get(target, 'name')).toBe('Table');
    const dimensions = data.get(target, 'dimensions') as Record<string, unknown>;
    expect(dimensions).toBe(target.dimensions);
    expect(data.get(dimensions, 'weight')).toBe(3);
  });

  it('copies a list whose element another fetch replaces, leaving the fetched list as it was', () => {
    const data = new MergedData(isInterface);
    const first = deepFreeze({ tags: [null, 'b'] });
    data.merge(data.root, first);
    data.merge(data.root, deepFreeze({ tags: ['a', 'b'] }));
    expect(data.get(data.root, 'tags')).toEqual(['a', 'b']);
    expect(first.tags).toEqual([null, 'b']);
  });

  it('keeps a nulled object null and a concrete __typename over an interface name', () => {
    const data = new MergedData(isInterface);
    data.merge(data.root, deepFreeze({ owner: null, node: { __typename: 'User', id: 'u1' } }));
    data.merge(data.root, deepFreeze({ owner: { id: 'u2' }, node: { __typename: 'Node', name: 'Ann' } }));
    expect(data.get(data.root, 'owner')).toBeNull();
    const node = data.get(data.root, 'node') as Record<string, unknown>;
    expect(data.get(node, '__typename')).toBe('User');
    expect(data.get(node, 'name')).toBe('Ann');
  });

  it('stores the key __proto__ as a field, not as the prototype', () => {
    const data = new MergedData(isInterface);
    const target = deepFreeze({ id: 'p1' });
    data.merge(data.root, deepFreeze({ item: target }));
    data.merge(data.root, { item: JSON.parse('{"__proto__": {"polluted": true}}') });
    expect(data.get(target, '__proto__')).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads fields named like Object.prototype's members only where the data has them", () => {
    const data = new MergedData(isInterface);
    const own = deepFreeze(JSON.parse('{"constructor": "built", "toString": null, "__proto__": "proto"}'));
    const bare = deepFreeze({ id: 'p1' });
    data.merge(data.root, deepFreeze({ own, bare }));
    data.merge(bare, deepFreeze(JSON.parse('{"valueOf": 3, "__proto__": 0}')));
    for (const key of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']) {
      expect(data.get(data.root, key)).toBeUndefined();
    }
    expect(data.get(own, 'constructor')).toBe('built');
    expect(data.get(own, 'toString')).toBeNull();
    expect(data.get(own, '__proto__')).toBe('proto');
    expect(data.get(own, 'valueOf')).toBeUndefined();
    expect(data.get(bare, 'valueOf')).toBe(3);
    expect(data.get(bare, '__proto__')).toBe(0);
    expect(data.get(bare, 'isPrototypeOf')).toBeUndefined();
  });

  it('reads objects without a prototype (graphql-js answers) as they are', () => {
    const data = new MergedData(isInterface);
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { name: 'Query' });
    data.merge(data.root, { __schema: bare });
    expect(data.get(bare, 'name')).toBe('Query');
    for (const key of ['__proto__', 'toString', 'description']) expect(data.get(bare, key)).toBeUndefined();
  });

  it('forgets every addition once cleared, leaving the fetched objects as they were', () => {
    const data = new MergedData(isInterface);
    const product = deepFreeze({ id: 'p1' });
    data.merge(data.root, { product });
    data.merge(product, deepFreeze({ name: 'Lamp' }));
    expect(data.get(product, 'name')).toBe('Lamp');
    data.clear();
    expect(data.addedTo(product)).toBeUndefined();
    expect(data.get(product, 'name')).toBeUndefined();
    expect(data.get(product, 'id')).toBe('p1');
  });
});
