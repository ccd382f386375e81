import { describe, expect, it } from 'vitest';
import { gatewayConfig } from '../../../../../gateway/src/config/gateway-config.js';
import { buildGateway } from '../../../../../gateway/src/start-gateway.js';
import { authorizationSubgraphs } from '../../../../fixtures/federation/authorization/federation.js';
import decidePolicies from '../../../../fixtures/federation/authorization/policies.js';
import { capturedLogger } from '../../../../helpers/captured-logger.js';
import { composeOrThrow } from '../../../../helpers/federation-fixture.js';

const supergraphSdl = composeOrThrow(
  'authorization',
  authorizationSubgraphs().map(({ name, sdl }) => ({ name, sdl, url: `http://${name}.test/graphql` })),
);

describe('building a gateway on a supergraph with authorization directives', () => {
  it('warns that, without keys and a policy module, every request is unauthenticated and every policy denied', async () => {
    const { log, lines } = capturedLogger();
    const gateway = buildGateway(gatewayConfig(), { log, supergraphSdl });
    await gateway.dispose();
    expect(lines.filter((line) => line.level === 40).map((line) => line.msg)).toEqual([
      'the supergraph has authorization directives but neither AUTH_JWKS_URL nor AUTH_JWKS_FILE is set: every request is unauthenticated',
      'the supergraph uses @policy but no AUTH_POLICY_MODULE is set: every policy is denied',
    ]);
  });

  it('refuses a policy module named in the settings but not loaded', () => {
    const { log } = capturedLogger();
    const config = gatewayConfig({ auth: { policyModule: '/srv/policies.mjs' } });
    expect(() => buildGateway(config, { log, supergraphSdl })).toThrow(
      'AUTH_POLICY_MODULE names /srv/policies.mjs, but no policy hook was given: pass policyHook: await loadPolicyHook("/srv/policies.mjs").',
    );
    const gateway = buildGateway(config, { log, supergraphSdl, policyHook: decidePolicies });
    return gateway.dispose();
  });
});
