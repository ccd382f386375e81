import { describe, expect, it } from 'vitest';
import { MergedData } from '../../../../gateway/src/executor/merge-data.js';
import { restoredData } from '../../../../gateway/src/executor/restore-keys.js';
import { deepFreeze } from '../../../helpers/in-process-subgraph-client.js';

describe('restoredData', () => {
  it('renames aliased fields back to their data keys at any depth, in lists too, leaving the fetched data as it was', () => {
    const fetched = deepFreeze({
      accounts: [
        { __typename: 'User', id: 'u1' },
        { __typename: 'Admin', hx_4_id: null, similar: [{ __typename: 'Admin', hx_4_id: 'a2' }] },
      ],
    });
    const restored = restoredData(fetched, { hx_4_id: 'id' }, new MergedData(() => false));
    expect(restored).toEqual({
      accounts: [
        { __typename: 'User', id: 'u1' },
        { __typename: 'Admin', id: null, similar: [{ __typename: 'Admin', id: 'a2' }] },
      ],
    });
    expect(fetched.accounts[1]).toHaveProperty('hx_4_id', null);
  });

  it('merges a renamed object into the one already under its data key', () => {
    const merged = new MergedData(() => false);
    const restored = restoredData(
      deepFreeze({ friend: { name: 'Ann' }, hx_7_friend: { age: 3 } }),
      { hx_7_friend: 'friend' },
      merged,
    ) as Record<string, Record<string, unknown>>;
    expect(Object.keys(restored)).toEqual(['friend']);
    const friend = restored.friend as Record<string, unknown>;
    expect(merged.get(friend, 'name')).toBe('Ann');
    expect(merged.get(friend, 'age')).toBe(3);
  });
});
