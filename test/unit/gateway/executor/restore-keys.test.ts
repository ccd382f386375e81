import { describe, expect, it } from 'vitest';
import { restoreDataKeys } from '../../../../gateway/src/executor/restore-keys.js';

const noInterfaces = () => false;

describe('restoreDataKeys', () => {
  it('renames aliased fields back to their data keys at any depth, in lists too', () => {
    const data = {
      accounts: [
        { __typename: 'User', id: 'u1' },
        { __typename: 'Admin', hx_4_id: null, similar: [{ __typename: 'Admin', hx_4_id: 'a2' }] },
      ],
    };
    restoreDataKeys(data, { hx_4_id: 'id' }, noInterfaces);
    expect(data).toEqual({
      accounts: [
        { __typename: 'User', id: 'u1' },
        { __typename: 'Admin', id: null, similar: [{ __typename: 'Admin', id: 'a2' }] },
      ],
    });
  });

  it('merges a renamed object into the one already under its data key', () => {
    const data = { friend: { name: 'Ann' }, hx_7_friend: { age: 3 } };
    restoreDataKeys(data, { hx_7_friend: 'friend' }, noInterfaces);
    expect(data).toEqual({ friend: { name: 'Ann', age: 3 } });
  });
});
