import { generatedFunction } from '../../../platform/generated-function.js';

/** A response key whose values can cost anything, as the answer's cost measure reads it. */
export interface CostlyKeyRead {
  readonly key: string;
  /** Named like a property every object inherits (`constructor`, `toString`): read only as the answer's own. */
  readonly inherited: boolean;
}

/** What a generated sum asks of the measure running it: the cost of one value under a key. */
export interface KeyValueCost<Key extends CostlyKeyRead> {
  /** The cost of `value`, found under `key`, before the key's argument weight. */
  value(value: unknown, key: Key): number;
  /** What the key's arguments add, once per object holding it. */
  argumentWeight(key: Key): number;
}

/**
 * The cost of one answer object over a fixed list of keys: the sum, over the keys the object
 * holds, of each value's cost plus the key's argument weight, each never below zero.
 */
export type ObjectCost<Key extends CostlyKeyRead> = (
  object: Readonly<Record<string, unknown>>,
  measure: KeyValueCost<Key>,
  keys: readonly Key[],
) => number;

/**
 * The generic walk of `ObjectCost`: each key read with a computed key (`object[key]`).
 */
export function sumObjectCost<Key extends CostlyKeyRead>(
  object: Readonly<Record<string, unknown>>,
  measure: KeyValueCost<Key>,
  keys: readonly Key[],
): number {
  let sum = 0;
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as Key;
    const field = key.inherited && !Object.hasOwn(object, key.key) ? undefined : object[key.key];
    // Absent from the answer (another type's fragment, or a key an error left out): nothing to count.
    if (field === undefined) continue;
    const cost = measure.value(field, key) + measure.argumentWeight(key);
    // Never below zero; `!(cost <= 0)` keeps a NaN, as Math.max(0, cost) would.
    if (!(cost <= 0)) sum += cost;
  }
  return sum;
}

/**
 * `sumObjectCost` for one list of keys, generated: undefined where code generation from strings
 * is disallowed (the generic walk serves then).
 *
 * Why: the generic walk reads every answer object's keys at one site, which sees objects of
 * every type of every answer, so V8 treats it as megamorphic and looks each read up in a cache
 * it shares with all such sites (on the public heavy query about half of the walk's instructions).
 * Here each key is read at a site of its own (`object["reviews"]`), which sees only the few
 * shapes of that key's objects. Nothing of the operation becomes code but its response keys,
 * written as JSON string literals; the rest is passed in as values.
 */
export function generateObjectCost<Key extends CostlyKeyRead>(
  keys: readonly Key[],
): ObjectCost<Key> | undefined {
  const lines = ['let sum = 0;', 'let field;', 'let cost;'];
  keys.forEach((key, index) => {
    const literal = JSON.stringify(key.key);
    lines.push(
      key.inherited
        ? `field = Object.hasOwn(object, ${literal}) ? object[${literal}] : undefined;`
        : `field = object[${literal}];`,
      'if (field !== undefined) {',
      `  cost = measure.value(field, keys[${index}]) + measure.argumentWeight(keys[${index}]);`,
      '  if (!(cost <= 0)) sum += cost;',
      '}',
    );
  });
  lines.push('return sum;');
  return generatedFunction<ObjectCost<Key>>(['object', 'measure', 'keys'], lines.join('\n'));
}
