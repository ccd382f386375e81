import { describe, expect, it } from 'vitest';
import { GENERATE_AFTER_USES } from '../../../../gateway/src/executor/field-reads.js';
import { RepresentationInterner } from '../../../../gateway/src/executor/representation-interner.js';
import { buildRepresentation } from '../../../../gateway/src/executor/representations.js';
import type { RequireSelection } from '../../../../gateway/src/planner/query-plan.js';

const field = (name: string, dataKey = name): RequireSelection => ({ kind: 'Field', name, dataKey });

/** `... on Product { upc sku }`, and `... on Review { id }` sent as the interface `Node`. */
const flatKeys: readonly RequireSelection[] = [
  { kind: 'InlineFragment', typeCondition: 'Product', selections: [field('upc'), field('sku', '_sku')] },
  { kind: 'InlineFragment', typeCondition: 'Review', typename: 'Node', selections: [field('id')] },
];

/** `... on User { id address { zip } }`: a nested key. */
const nestedKey: readonly RequireSelection[] = [
  {
    kind: 'InlineFragment',
    typeCondition: 'User',
    selections: [
      field('id'),
      { kind: 'Field', name: 'address', dataKey: 'address', selections: [field('zip')] },
    ],
  },
];

describe('RepresentationInterner', () => {
  it('gives every object naming the same entity one entry, built once', () => {
    const interner = new RepresentationInterner(flatKeys);
    const first = interner.intern({ __typename: 'Product', upc: '1', _sku: 'a', name: 'Table' });
    const again = interner.intern({ __typename: 'Product', upc: '1', _sku: 'a' });
    expect(first).toEqual({
      representation: { upc: '1', sku: 'a', __typename: 'Product' },
      result: undefined,
    });
    expect(again).toBe(first);
  });

  it('forgets every entry once cleared', () => {
    const flat = new RepresentationInterner(flatKeys);
    const nested = new RepresentationInterner(nestedKey);
    const product = { __typename: 'Product', upc: '1', _sku: 'a' };
    const user = { __typename: 'User', id: 'u1', address: { zip: '1000' } };
    const before = [flat.intern(product), nested.intern(user)];
    flat.clear();
    nested.clear();
    const after = [flat.intern(product), nested.intern(user)];
    expect(after).toEqual(before);
    expect(after[0]).not.toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
  });

  it('keeps entities apart when any key value differs, in value or in JSON type', () => {
    const interner = new RepresentationInterner(flatKeys);
    const entries = [
      interner.intern({ __typename: 'Product', upc: '1', _sku: 'a' }),
      interner.intern({ __typename: 'Product', upc: '1', _sku: 'b' }),
      interner.intern({ __typename: 'Product', upc: '2', _sku: 'a' }),
      interner.intern({ __typename: 'Product', upc: 1, _sku: 'a' }),
      interner.intern({ __typename: 'Product', upc: null, _sku: 'a' }),
    ];
    expect(new Set(entries).size).toBe(entries.length);
    expect(new Set(entries.map((entry) => JSON.stringify(entry?.representation))).size).toBe(entries.length);
  });

  it('sends for each entry the representation the fetch builds for its object', () => {
    const interner = new RepresentationInterner(flatKeys);
    for (const object of [
      { __typename: 'Product', upc: '7', _sku: 's' },
      { __typename: 'Review', id: 'r1' },
      { __typename: 'User', id: 'u1', address: { zip: '1000' } },
    ]) {
      const built = buildRepresentation(object, flatKeys);
      const interned = interner.intern(object);
      expect(interned?.representation).toEqual(built);
    }
  });

  it('writes the type the target subgraph knows (an @interfaceObject interface)', () => {
    const interner = new RepresentationInterner(flatKeys);
    expect(interner.intern({ __typename: 'Review', id: 'r1' })?.representation).toEqual({
      id: 'r1',
      __typename: 'Node',
    });
  });

  it('sends nothing for an object of another type, without a type, or missing a key value', () => {
    const interner = new RepresentationInterner(flatKeys);
    expect(interner.intern({ __typename: 'User', upc: '1', _sku: 'a' })).toBeUndefined();
    expect(interner.intern({ upc: '1', _sku: 'a' })).toBeUndefined();
    expect(interner.intern({ __typename: 'Product', upc: '1' })).toBeUndefined();
    expect(interner.intern({ __typename: 'Product', upc: '1', _sku: undefined })).toBeUndefined();
    // A key field named like a member of Object.prototype: only an own value is sent.
    const prototypeNamed = new RepresentationInterner([
      {
        kind: 'InlineFragment',
        typeCondition: 'Product',
        selections: [field('valueOf'), field('__proto__')],
      },
    ]);
    expect(prototypeNamed.intern({ __typename: 'Product' })).toBeUndefined();
    expect(prototypeNamed.intern(JSON.parse('{"__typename": "Product", "valueOf": 1}'))).toBeUndefined();
    expect(
      prototypeNamed.intern(JSON.parse('{"__typename": "Product", "valueOf": 1, "__proto__": 2}'))
        ?.representation,
    ).toEqual(JSON.parse('{"__typename": "Product", "valueOf": 1, "__proto__": 2}'));
  });

  it('interns alike once the reads of its key fields are generated', () => {
    const prototypeNamed: readonly RequireSelection[] = [
      {
        kind: 'InlineFragment',
        typeCondition: 'Product',
        selections: [field('valueOf'), field('__proto__')],
      },
    ];
    // A new interner per request, over the same plan data: the reads are generated after some.
    for (let request = 0; request <= GENERATE_AFTER_USES + 1; request += 1) {
      const interner = new RepresentationInterner(prototypeNamed);
      expect(interner.intern({ __typename: 'Product' })).toBeUndefined();
      const object = JSON.parse('{"__typename": "Product", "valueOf": 1, "__proto__": 2}');
      const representation = interner.intern(object)?.representation as object;
      expect(representation).toEqual(object);
      // Sent in the key's order, its type last: every request sends the same text.
      expect(Object.keys(representation)).toEqual(['valueOf', '__proto__', '__typename']);
      expect(interner.intern(JSON.parse('{"__typename": "Product", "valueOf": 1, "__proto__": 2}'))).toBe(
        interner.intern(object),
      );
      const interfaceObject = new RepresentationInterner(flatKeys);
      expect(
        interfaceObject.intern({ __typename: 'Review', id: 'r1', body: 'Fine' })?.representation,
      ).toEqual({
        id: 'r1',
        __typename: 'Node',
      });
    }
  });

  it("reads each object's type, merged-in ones too, as objects of several types alternate", () => {
    const product = { __typename: 'Product', upc: '1', _sku: 'a' };
    const review = { __typename: 'Review', id: 'r1' };
    // Its type (and key) came from a later fetch: merged beside the object, not into it.
    const typedLater = { id: 'r2' };
    const additions = new Map<object, Record<string, unknown>>([[typedLater, { __typename: 'Review' }]]);
    const reader = {
      get: (object: Record<string, unknown>, key: string) => additions.get(object)?.[key] ?? object[key],
      addedTo: (object: Record<string, unknown>) => additions.get(object),
    };
    const objects = [
      product,
      review,
      { __typename: 'User', id: 'u1' },
      typedLater,
      { upc: '1' },
      product,
      review,
    ];
    const expected = [
      { upc: '1', sku: 'a', __typename: 'Product' },
      { id: 'r1', __typename: 'Node' },
      undefined,
      { id: 'r2', __typename: 'Node' },
      undefined,
      { upc: '1', sku: 'a', __typename: 'Product' },
      { id: 'r1', __typename: 'Node' },
    ];
    // A new interner per request over the same plan data: the type's read is generated after some.
    const plan = [...flatKeys];
    for (let request = 0; request <= GENERATE_AFTER_USES + 1; request += 1) {
      const interner = new RepresentationInterner(plan, reader);
      const entries = objects.map((object) => interner.intern(object));
      expect(entries.map((entry) => entry?.representation)).toEqual(expected);
      expect(entries[5]).toBe(entries[0]);
      expect(entries[6]).toBe(entries[1]);
      interner.clear();
      expect(interner.intern(review)).not.toBe(entries[1]);
    }
  });

  it('interns nested keys, and keys holding object values, by their JSON', () => {
    const interner = new RepresentationInterner(nestedKey);
    const first = interner.intern({ __typename: 'User', id: 'u1', address: { zip: '1000', city: 'X' } });
    const again = interner.intern({ __typename: 'User', id: 'u1', address: { zip: '1000' } });
    const other = interner.intern({ __typename: 'User', id: 'u1', address: { zip: '2000' } });
    expect(first?.representation).toEqual({ id: 'u1', address: { zip: '1000' }, __typename: 'User' });
    expect(again).toBe(first);
    expect(other).not.toBe(first);

    const scalarObjects = new RepresentationInterner(flatKeys);
    const json = scalarObjects.intern({ __typename: 'Product', upc: { region: 'eu', code: 1 }, _sku: 'a' });
    expect(scalarObjects.intern({ __typename: 'Product', upc: { region: 'eu', code: 1 }, _sku: 'a' })).toBe(
      json,
    );
    expect(
      scalarObjects.intern({ __typename: 'Product', upc: { region: 'us', code: 1 }, _sku: 'a' }),
    ).not.toBe(json);
  });
});
