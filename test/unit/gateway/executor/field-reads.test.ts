import { describe, expect, it, vi } from 'vitest';
import { generatedReads } from '../../../../gateway/src/executor/field-reads.js';
import { type DataObject, readField, setOwn } from '../../../../gateway/src/executor/merge-data.js';
import { runModuleScript } from '../../../helpers/module-script.js';

/** Keys a generated read writes into code, and keys `Object.prototype` answers for. */
const KEYS = [
  'id',
  '__typename',
  '__proto__',
  'valueOf',
  'constructor',
  'hasOwnProperty',
  'toString',
  'quote"d',
  "apos'trophe",
  'back\\slash',
  'line\nbreak',
  'separator\u2028',
  // A key that reads as a template placeholder in generated code, were it not written as JSON.
  `$${'{'}template}`,
  '',
];

/** Objects as the gateway holds them: parsed JSON, graphql-js results without a prototype, additions. */
function objects(): DataObject[] {
  const withEvery: DataObject = {};
  KEYS.forEach((key, index) => {
    setOwn(withEvery, key, index % 3 === 0 ? null : `v${index}`);
  });
  const withoutPrototype = Object.assign(Object.create(null) as DataObject, { id: 'p1', valueOf: 7 });
  return [{}, { id: 'u1', __typename: 'User' }, withEvery, withoutPrototype, JSON.parse('{"__proto__": 1}')];
}

describe('generatedReads', () => {
  it('reads generically until a site has been used enough, then generates its reads once', () => {
    const site = ['upc', '@'];
    const keys = vi.fn(() => ['upc', undefined]);
    for (let use = 0; use < 3; use += 1) expect(generatedReads(site, keys, 3)).toBeUndefined();
    const reads = generatedReads(site, keys, 3);
    expect(reads).toHaveLength(2);
    expect(reads?.[1]).toBeUndefined();
    expect(generatedReads(site, keys, 3)).toBe(reads);
    expect(keys).toHaveBeenCalledTimes(1);
    // Another site counts its own uses.
    expect(generatedReads(['upc', '@'], keys, 3)).toBeUndefined();
  });

  it('answers as readField does, for every key and object, with and without additions', () => {
    const reads = generatedReads({}, () => KEYS, 0) ?? [];
    expect(reads).toHaveLength(KEYS.length);
    const additions: (DataObject | undefined)[] = [undefined, ...objects()];
    KEYS.forEach((key, index) => {
      const read = reads[index];
      if (!read) throw new Error(`no read for ${JSON.stringify(key)}`);
      for (const object of objects()) {
        for (const added of additions) expect(read(object, added)).toBe(readField(object, added, key));
      }
    });
  });

  it('generates nothing where code generation from strings is disallowed', () => {
    const script = `
      const { generatedReads } = await import(${JSON.stringify(
        new URL('../../../../gateway/src/executor/field-reads.ts', import.meta.url).pathname,
      )});
      process.stdout.write(typeof generatedReads({}, () => ['id'], 0));`;
    expect(runModuleScript(script)).toBe('object');
    expect(runModuleScript(script, ['--disallow-code-generation-from-strings'])).toBe('undefined');
  });
});
