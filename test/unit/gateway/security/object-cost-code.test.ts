import { describe, expect, it } from 'vitest';
import {
  type CostlyKeyRead,
  generateObjectCost,
  type KeyValueCost,
  sumObjectCost,
} from '../../../../gateway/src/security/object-cost-code.js';
import { runModuleScript } from '../../../helpers/module-script.js';

interface TestKey extends CostlyKeyRead {
  readonly argumentWeight: number;
}

/** Keys written into code, and keys every object inherits. */
const NAMES = [
  'id',
  'reviews',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'quote"d',
  'back\\slash',
  'line\nbreak',
  // A key that reads as a template placeholder in generated code, were it not written as JSON.
  `$${'{'}placeholder}`,
];

const keyOf = (key: string, argumentWeight = 0): TestKey => ({
  key,
  inherited: key in Object.prototype,
  argumentWeight,
});

/** A measure whose value costs say what they saw: numbers cost themselves, anything else 1. */
const measure: KeyValueCost<TestKey> = {
  value: (value) => (typeof value === 'number' ? value : 1),
  argumentWeight: (key) => key.argumentWeight,
};

function objects(): Record<string, unknown>[] {
  const withOwn = (entries: [string, unknown][]) => {
    const object: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return object;
  };
  return [
    {},
    withOwn(NAMES.map((name, index) => [name, index])),
    withOwn(NAMES.map((name) => [name, null])),
    withOwn(NAMES.map((name) => [name, { nested: true }])),
    withOwn([
      ['id', -5],
      ['reviews', Number.NaN],
      ['constructor', 0],
    ]),
    Object.assign(Object.create(null), { id: 2, toString: 3 }),
  ];
}

describe('the cost of an answer object over a list of keys', () => {
  it('is the same generated as walked, for own, inherited, odd and absent keys, and any costs', () => {
    const lists = [
      NAMES.map((name) => keyOf(name)),
      NAMES.map((name, index) => keyOf(name, index - 3)),
      [keyOf('reviews', -10), keyOf('id', 0.5)],
      [],
    ];
    for (const keys of lists) {
      const generated = generateObjectCost(keys);
      if (!generated) throw new Error('nothing generated');
      for (const object of objects()) {
        expect(generated(object, measure, keys)).toBe(sumObjectCost(object, measure, keys));
      }
    }
  });

  it('counts values the object holds as its own, never what it inherits, and nothing below zero', () => {
    const keys = [keyOf('id'), keyOf('constructor'), keyOf('toString', 2), keyOf('reviews', -10)];
    const generated = generateObjectCost(keys);
    const object = { id: 4, reviews: 3 };
    // id 4; constructor and toString inherited: nothing; reviews 3 - 10 is below zero: nothing.
    expect(sumObjectCost(object, measure, keys)).toBe(4);
    expect(generated?.(object, measure, keys)).toBe(4);
  });

  it('generates nothing where code generation from strings is disallowed', () => {
    const script = `
      const { generateObjectCost } = await import(${JSON.stringify(
        new URL('../../../../gateway/src/security/object-cost-code.ts', import.meta.url).pathname,
      )});
      process.stdout.write(typeof generateObjectCost([{ key: 'id', inherited: false }]));`;
    expect(runModuleScript(script)).toBe('function');
    expect(runModuleScript(script, ['--disallow-code-generation-from-strings'])).toBe('undefined');
  });
});
