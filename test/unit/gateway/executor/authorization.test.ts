import { describe, expect, it } from 'vitest';
import type { PolicyRequest } from '../../../../gateway/src/security/authorization/policy-hook.js';
import {
  type AuthorizationClient,
  authorizationOperations,
} from '../../../fixtures/federation/authorization/operations.js';
import { asClientSees, authorizationGateway } from './authorization-fixture.js';

const clients: readonly AuthorizationClient[] = ['anonymous', 'reader', 'accountant', 'owner'];
const UNAUTHORIZED = 'UNAUTHORIZED_FIELD_OR_TYPE';

function answersOf(name: string) {
  const operation = authorizationOperations.find((candidate) => candidate.name === name);
  if (!operation) throw new Error(`No fixture operation ${name}`);
  return operation.answers;
}

describe('authorization directives through plan and execution', () => {
  for (const operation of authorizationOperations) {
    it(`answers ${operation.name} as the fixture states for every client`, async () => {
      const gateway = await authorizationGateway();
      for (const client of clients) {
        const result = await gateway.run(operation.query, client);
        expect(asClientSees(result), `${operation.name} as ${client}`).toEqual(operation.answers[client]);
      }
    });
  }
});

describe('fields a client may not see', () => {
  it('are never sent to a subgraph, and a subgraph only they need is never called', async () => {
    const gateway = await authorizationGateway();
    await gateway.run('{ users { name email } }', 'anonymous');
    expect(gateway.client.calls.map((call) => [call.subgraph, call.request.query])).toEqual([
      ['accounts', '{users{name}}'],
    ]);

    gateway.client.calls.length = 0;
    const result = await gateway.run('{ users { invoices { total } } }', 'accountant');
    expect(result.data).toEqual({ users: [{ invoices: null }, { invoices: null }] });
    expect(gateway.client.calls.map((call) => call.subgraph)).toEqual(['accounts']);
  });

  it('leave a composite field whose whole selection is denied as an object of nulls', async () => {
    const gateway = await authorizationGateway();
    const result = await gateway.run('{ me { email } }', 'owner');
    expect(asClientSees(result)).toEqual({
      data: { me: { email: null } },
      errors: [{ path: ['me', 'email'], code: UNAUTHORIZED }],
    });
    expect(gateway.client.calls.map((call) => call.request.query)).toEqual(['{me{__typename}}']);
  });

  it('stay denied under an alias, and once per response key and object', async () => {
    const gateway = await authorizationGateway();
    const result = await gateway.run('{ users { mail: email email name } }', 'anonymous');
    expect(result.data).toEqual({
      users: [
        { mail: null, email: null, name: 'Ada' },
        { mail: null, email: null, name: 'Grace' },
      ],
    });
    expect(result.errors?.map((error) => error.path)).toEqual([
      ['users', 0, 'mail'],
      ['users', 0, 'email'],
      ['users', 1, 'mail'],
      ['users', 1, 'email'],
    ]);
  });

  it('are visible on objects of a type whose own fragment selects them, denied on the others', async () => {
    const gateway = await authorizationGateway();
    const result = await gateway.run('{ accounts { balance ... on Personal { balance } } }', 'anonymous');
    expect(asClientSees(result)).toEqual({
      data: { accounts: [{ balance: 10 }, { balance: null }] },
      errors: [{ path: ['accounts', 1, 'balance'], code: UNAUTHORIZED }],
    });
  });

  it('answer null with an error only where @skip/@include let them through', async () => {
    const gateway = await authorizationGateway();
    const query = 'query ($withEmail: Boolean!) { users { name email @include(if: $withEmail) } }';
    expect(asClientSees(await gateway.run(query, 'anonymous', { withEmail: false }))).toEqual({
      data: { users: [{ name: 'Ada' }, { name: 'Grace' }] },
    });
    expect(asClientSees(await gateway.run(query, 'anonymous', { withEmail: true }))).toEqual(
      answersOf('ScopeOnAFieldOfAList').anonymous,
    );
  });

  it('are refused as a whole operation, with nothing fetched, when unauthorized fields are rejected', async () => {
    const gateway = await authorizationGateway({ rejectUnauthorized: true });
    const refused = await gateway.run('{ announcement users { name email } }', 'owner');
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.map((error) => [error.message, error.extensions])).toEqual([
      [
        'Unauthorized field or type: User.email (at users.email).',
        { code: UNAUTHORIZED, http: { status: 403 } },
      ],
    ]);
    expect(gateway.client.calls).toEqual([]);

    const served = await gateway.run('{ announcement users { name email } }', 'reader');
    expect(served.errors).toBeUndefined();
  });
});

describe('the plan cache under authorization', () => {
  it('serves clients with different scopes different answers for one operation text, in any order', async () => {
    const gateway = await authorizationGateway();
    const query = '{ users { name email } }';
    const { anonymous: denied, reader: allowed } = answersOf('ScopeOnAFieldOfAList');
    const answers = [];
    for (const client of ['anonymous', 'reader', 'anonymous', 'reader'] as const) {
      answers.push(asClientSees(await gateway.run(query, client)));
    }
    expect(answers).toEqual([denied, allowed, denied, allowed]);
    // The operation's own plan (the reader's) and its plan without `email` (the anonymous client's).
    expect(gateway.planner.cachedPlans).toBe(2);
  });

  it('shares one plan between clients denied the same fields, whatever else their tokens hold', async () => {
    const gateway = await authorizationGateway();
    const query = '{ users { name email } }';
    await gateway.run(query, 'anonymous');
    const owner = await gateway.run(query, 'owner');
    expect(gateway.planner.cachedPlans).toBe(2);
    expect(asClientSees(owner)).toEqual(answersOf('ScopeOnAFieldOfAList').owner);
    await gateway.run(query, 'accountant');
    expect(gateway.planner.cachedPlans).toBe(2);
  });
});

describe('tokens', () => {
  it('that fail verification leave the request unauthenticated', async () => {
    const gateway = await authorizationGateway();
    const expired = await gateway.issuer.sign({ scope: 'read:email' }, { expiresInSeconds: -3600 });
    const foreign = await gateway.issuer.sign({ scope: 'read:email' }, { audience: 'another-api' });
    for (const token of [expired, foreign, 'not-a-jwt']) {
      const result = await gateway.runWithHeaders('{ users { name email } }', {
        authorization: `Bearer ${token}`,
      });
      expect(asClientSees(result)).toEqual(answersOf('ScopeOnAFieldOfAList').anonymous);
    }
  });

  it('that fail verification get 401 AUTH_ERROR when invalid tokens are refused, whatever the operation', async () => {
    const gateway = await authorizationGateway({ rejectInvalidToken: true });
    const expired = await gateway.issuer.sign({ scope: 'read:email' }, { expiresInSeconds: -3600 });
    const result = await gateway.runWithHeaders('{ announcement }', { authorization: `Bearer ${expired}` });
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.message).toMatch(/^The request's token is not valid: ERR_JWT_EXPIRED/);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'AUTH_ERROR', http: { status: 401 } });
    expect(gateway.client.calls).toEqual([]);

    expect(asClientSees(await gateway.runWithHeaders('{ announcement }', {}))).toEqual(
      answersOf('NothingGuarded').anonymous,
    );
  });
});

describe('the policy hook', () => {
  it('is asked once per operation, for the policies the operation names, with the claims and headers', async () => {
    const asked: PolicyRequest[] = [];
    const gateway = await authorizationGateway({
      policyHook: async (request) => {
        asked.push(request);
        return new Set(['billing:read', 'not-asked']);
      },
    });
    await gateway.run('{ announcement }', 'owner');
    expect(asked).toEqual([]);

    const result = await gateway.run('{ users { invoices { total } } me { name } }', 'owner');
    expect(result.errors).toBeUndefined();
    expect(asked).toHaveLength(1);
    expect(asked[0]?.policies).toEqual(['billing:read']);
    expect(asked[0]?.claims).toMatchObject({ sub: 'owner', billing: true });
    expect(asked[0]?.headers.authorization).toMatch(/^Bearer /);
  });

  it('grants nothing when it throws or answers something other than names, and the failure is reported', async () => {
    const failures: unknown[] = [];
    for (const policyHook of [
      () => {
        throw new Error('policy store down');
      },
      () => 'billing:read' as unknown as string[],
    ]) {
      const gateway = await authorizationGateway({
        policyHook,
        onPolicyHookFailure: (error) => failures.push(error),
      });
      const result = await gateway.run('{ users { invoices { total } } }', 'owner');
      expect(result.data).toEqual({ users: [{ invoices: null }, { invoices: null }] });
    }
    expect(failures.map((failure) => (failure as Error).message)).toEqual([
      'policy store down',
      'the policy hook must return an array or a Set of policy names',
    ]);
  });
});
