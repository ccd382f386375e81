import { generatedFunction } from '../../../platform/generated-function.js';
import type { CollectedField, UnauthorizedField, ValueField } from './collect-fields.js';
import type { ResponsePath } from './data-path.js';
import { type DataObject, readField } from './merge-data.js';
import type { OutputShape } from './output-shape.js';

/** What a compiled object completion asks of the shaper running it. */
export interface ObjectCompletion {
  /** The response path of the object being completed; a completion pushes a key only to report at it. */
  readonly path: ResponsePath;
  completeValue(value: unknown, shape: OutputShape, field: ValueField): unknown;
  /** Records the null of a non-null field at `path`, unless an error already explains it. */
  nullInNonNull(field: ValueField, shape: Extract<OutputShape, { kind: 'nonNull' }>): void;
  /** Records an invalid leaf value at `path`. */
  invalidLeaf(field: ValueField): void;
  /** Records an unauthorized field (its key not yet on `path`). */
  unauthorized(field: UnauthorizedField): void;
}

/** The markers a completion returns, as the shaper defines them. */
export interface CompletionMarkers {
  /** A null an enclosing non-null position must propagate. */
  readonly bubble: symbol;
  /** A null whose error is already recorded. */
  readonly erroredNull: symbol;
  /** An `@interfaceObject` object whose concrete type no fetch told. */
  readonly untyped: symbol;
}

/**
 * Completes one object of a response for one list of collected fields: the shaper's generic
 * object completion, specialised to those fields. It returns the object itself when nothing in
 * it changes (no additions, exactly the selected keys in order, every value completing to itself),
 * a new object otherwise, or a marker.
 */
export type CompiledObject = (
  completion: ObjectCompletion,
  source: DataObject,
  added: DataObject | undefined,
  typeName: string,
  isObject: boolean,
) => unknown;

/**
 * Generates the completion of objects for one field list that lives as long as its operation.
 *
 * Why: the generic completion reads every field with a computed key and builds the answer key by
 * key. Each of those property accesses sees objects of every type in every response, so V8 treats
 * it as megamorphic and looks each access up in a cache it shares with all such sites. Here each
 * field is read and written at a site of its own (`source["name"]`, an object literal), which sees
 * only the few shapes of that field's objects. Leaves are completed inline. Shaping the public
 * heavy benchmark query's answer takes a fifth to a third of the time it takes generically
 * (README, "Response shaping").
 *
 * Nothing of the client's operation becomes code: response and data keys are written as JSON
 * string literals, and shapes and fields are passed in as values. A field list with a key that
 * `Object.prototype` has (`__proto__` above all, which an object literal takes for the prototype)
 * is not compiled, nor is anything where code generation from strings is disallowed: undefined,
 * and the generic completion serves.
 */
export function compileObjectCompletion(
  fields: readonly CollectedField[],
  markers: CompletionMarkers,
): CompiledObject | undefined {
  if (fields.some((field) => field.responseKey in Object.prototype)) return undefined;
  if (fields.some((field) => field.kind === 'value' && field.dataKey in Object.prototype)) return undefined;
  const body: string[] = ['const path = completion.path;', 'let bubbled = false;'];
  const values: string[] = [];
  const unchanged: string[] = [];
  fields.forEach((field, index) => {
    const responseKey = JSON.stringify(field.responseKey);
    const value = `v${index}`;
    values.push(`${responseKey}: ${value}`);
    unchanged.push(`${value} === source[${responseKey}]`);
    body.push(...fieldCompletion(field, index, value, responseKey));
  });
  body.push('if (bubbled) return BUBBLE;');
  body.push(
    `if (added === undefined && ${unchanged.join(' && ') || 'true'} && exact(source, fields)) return source;`,
  );
  body.push(`return { ${values.join(', ')} };`);
  const factory = generate(body);
  // Code generation from strings is disallowed: the generic completion serves.
  if (!factory) return undefined;
  return factory(fields, readField, hasExactKeys, markers.bubble, markers.erroredNull, markers.untyped);
}

type Factory = (
  fields: readonly CollectedField[],
  read: typeof readField,
  exact: typeof hasExactKeys,
  bubble: symbol,
  erroredNull: symbol,
  untyped: symbol,
) => CompiledObject;

function generate(body: readonly string[]): Factory | undefined {
  return generatedFunction<Factory>(
    ['fields', 'read', 'exact', 'BUBBLE', 'ERRORED_NULL', 'UNTYPED'],
    `return function completeObject(completion, source, added, typeName, isObject) {\n${body.join('\n')}\n};`,
  );
}

function fieldCompletion(field: CollectedField, index: number, value: string, responseKey: string): string[] {
  const at = `fields[${index}]`;
  switch (field.kind) {
    case 'typename':
      return ['if (!isObject) return UNTYPED;', `const ${value} = typeName;`];
    case 'unauthorized':
      return [
        `completion.unauthorized(${at});`,
        `const ${value} = null;`,
        ...(field.nonNull ? ['bubbled = true;'] : []),
      ];
    case 'introspection':
      return [`const ${value} = read(source, added, ${responseKey}) ?? null;`];
    case 'value':
      return valueCompletion(field, at, value, responseKey);
  }
}

function valueCompletion(field: ValueField, at: string, value: string, responseKey: string): string[] {
  const dataKey = JSON.stringify(field.dataKey);
  const raw = `${value}r`;
  // Values are never undefined in the gateway's data: undefined means the additions lack the key.
  const read = [
    `let ${raw} = added === undefined ? undefined : added[${dataKey}];`,
    `if (${raw} === undefined) ${raw} = source[${dataKey}];`,
  ];
  const { shape } = field;
  const report = (call: string) => `{ path.push(${responseKey}); ${call}; path.pop(); }`;
  if (shape.kind === 'leaf') {
    return [
      ...read,
      `let ${value} = null;`,
      `if (${raw} !== null && ${raw} !== undefined) {`,
      `  if (${at}.shape.isValid(${raw})) ${value} = ${raw};`,
      `  else ${report(`completion.invalidLeaf(${at})`)}`,
      '}',
    ];
  }
  if (shape.kind === 'nonNull' && shape.of.kind === 'leaf') {
    return [
      ...read,
      `let ${value} = null;`,
      `if (${raw} === null || ${raw} === undefined) {`,
      `  ${report(`completion.nullInNonNull(${at}, ${at}.shape)`)}`,
      '  bubbled = true;',
      `} else if (${at}.shape.of.isValid(${raw})) ${value} = ${raw};`,
      `else { ${report(`completion.invalidLeaf(${at})`)} bubbled = true; }`,
    ];
  }
  return [
    ...read,
    `path.push(${responseKey});`,
    `let ${value} = completion.completeValue(${raw}, ${at}.shape, ${at});`,
    'path.pop();',
    `if (${value} === BUBBLE) bubbled = true;`,
    `else if (${value} === ERRORED_NULL) ${value} = null;`,
  ];
}

/**
 * True when the object's own keys are exactly the response keys of `fields`, in order, and every
 * value field is stored under its response key (no internal alias): the object may be returned
 * as it is, provided every value completes to itself.
 */
export function hasExactKeys(source: DataObject, fields: readonly CollectedField[]): boolean {
  let index = 0;
  for (const key in source) {
    const field = fields[index];
    if (field === undefined || field.responseKey !== key) return false;
    if (field.kind === 'value' && field.dataKey !== key) return false;
    index += 1;
  }
  return index === fields.length;
}
