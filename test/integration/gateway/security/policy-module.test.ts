import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyHook } from '../../../../gateway/src/security/authorization/policy-hook.js';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hexagraph-policies-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function moduleFile(name: string, source: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, source);
  return path;
}

const request = { policies: ['admin', 'owner'], claims: { sub: 'ada' }, headers: {} };

describe('loadPolicyHook', () => {
  it('takes the default export of an ES module, or its decidePolicies export', async () => {
    const byDefault = await loadPolicyHook(
      await moduleFile(
        'default.mjs',
        'export default ({ policies }) => policies.filter((p) => p === "owner");',
      ),
    );
    expect(await byDefault(request)).toEqual(['owner']);
    const named = await loadPolicyHook(
      await moduleFile('named.mjs', 'export async function decidePolicies() { return new Set(["admin"]); }'),
    );
    expect(await named(request)).toEqual(new Set(['admin']));
  });

  it('loads the fixture federation’s TypeScript module', async () => {
    const hook = await loadPolicyHook(
      join(import.meta.dirname, '..', '..', '..', 'fixtures', 'federation', 'authorization', 'policies.ts'),
    );
    expect(await hook({ policies: ['billing:read'], claims: { billing: true }, headers: {} })).toEqual([
      'billing:read',
    ]);
  });

  it('stops start-up, naming AUTH_POLICY_MODULE, for a missing module or one without a function', async () => {
    const missing = join(directory, 'missing.mjs');
    await expect(loadPolicyHook(missing)).rejects.toThrow(
      `AUTH_POLICY_MODULE: ${missing} cannot be loaded: file not found`,
    );
    const broken = await moduleFile('broken.mjs', 'export default (;');
    await expect(loadPolicyHook(broken)).rejects.toThrow(`AUTH_POLICY_MODULE: ${broken} cannot be loaded:`);
    const noFunction = await moduleFile('constant.mjs', 'export const policies = ["admin"];');
    await expect(loadPolicyHook(noFunction)).rejects.toThrow(
      `AUTH_POLICY_MODULE: ${noFunction} exports no function (export default function, or export function decidePolicies)`,
    );
  });
});
