import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gatewayConfig } from '../../../../gateway/src/config/gateway-config.js';
import { buildGateway } from '../../../../gateway/src/start-gateway.js';
import { silentLogger } from '../../../../platform/logger.js';

const supergraphSdl = readFileSync(new URL('../../../../schema/supergraph.graphql', import.meta.url), 'utf8');

describe("the gateway's Apollo Server", () => {
  it('leaves SIGINT and SIGTERM to the process, even outside NODE_ENV=test', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    const gateway = buildGateway(gatewayConfig({ core: { nodeEnv: 'production' } }), {
      log: silentLogger(),
      supergraphSdl,
      client: { call: async () => ({ data: null }) },
    });
    try {
      await gateway.apollo.start();
      expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
    } finally {
      process.env.NODE_ENV = nodeEnv;
      await gateway.apollo.stop();
      await gateway.dispose();
    }
  });
});
