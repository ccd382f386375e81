import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadGatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { productionNodeSettings } from '../../../scripts/bench/production-node-flags.js';
import { loadInventoryConfig } from '../../../subgraphs/inventory/config.js';
import { loadPricingConfig } from '../../../subgraphs/pricing/config.js';
import { loadProductConfig } from '../../../subgraphs/product/config.js';
import { edgeSettingsFrom } from '../../../subgraphs/shared/edge-config.js';

const root = join(import.meta.dirname, '../../..');

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const subgraphDefaults = {
  product: loadProductConfig({}).PORT,
  inventory: loadInventoryConfig({}).PORT,
  pricing: loadPricingConfig({}).PORT,
};

describe('docker-compose.yml', () => {
  it('runs redis, the three subgraphs and the gateway as separate services', () => {
    expect(Object.keys(services).sort()).toEqual(['gateway', 'inventory', 'pricing', 'product', 'redis']);
  });

  it.each(Object.entries(subgraphDefaults))('runs %s on the port its config defaults to', (name, port) => {
    expect(services[name]!.environment?.PORT).toBe(String(port));
  });

  it('publishes only the gateway on the host: Redis and the subgraphs stay on the compose network', () => {
    const published = Object.entries(services)
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(published).toEqual(['gateway']);
    expect(services.gateway!.ports).toEqual(['4000:4000']);
  });

  it("keeps the gateway's admin port (/metrics, breaker states) on the compose network", () => {
    const environment = interpolate(services.gateway!.environment ?? {}, {
      REDIS_PASSWORD: 'a'.repeat(48),
      SUBGRAPH_SIGNING_SECRET: 'b'.repeat(64),
      SUBGRAPH_SIGNING_SECRET_PREVIOUS: '',
    });
    const admin = loadGatewayConfig(environment).core.admin;
    expect(admin).toEqual({ port: 9400, host: '0.0.0.0' });
    expect(
      (services.gateway!.ports ?? []).some((port) => port.split(':').includes(String(admin?.port))),
    ).toBe(false);
    // The health check asks the client port, whose /readyz still says ready or not.
    expect(services.gateway!.healthcheck?.test.join(' ')).toMatch(/process\.env\.PORT\+'\/readyz'/);
  });

  it('makes Redis require the password from REDIS_PASSWORD, and gives it to every service in REDIS_URL', () => {
    const redis = services.redis!;
    const requirepass = redis.command?.indexOf('--requirepass') ?? -1;
    expect(requirepass).toBeGreaterThan(0);
    expect(redis.command?.[requirepass + 1]).toMatch(REQUIRED('REDIS_PASSWORD'));
    expect(redis.environment?.REDISCLI_AUTH).toMatch(REQUIRED('REDIS_PASSWORD'));
    for (const [name, service] of applicationServices()) {
      expect(service.environment?.REDIS_URL, name).toMatch(
        new RegExp(`^redis://:${REQUIRED('REDIS_PASSWORD').source.slice(1, -1)}@redis:6379$`),
      );
    }
  });

  it('gives every service the signing secret from the environment, required, with an optional previous one', () => {
    for (const [name, service] of applicationServices()) {
      expect(service.environment?.SUBGRAPH_SIGNING_SECRET, name).toMatch(REQUIRED('SUBGRAPH_SIGNING_SECRET'));
      // Compose's `${NAME:-}`: the variable when set, empty (no previous secret) otherwise.
      expect(service.environment?.SUBGRAPH_SIGNING_SECRET_PREVIOUS, name).toBe(
        `$\{SUBGRAPH_SIGNING_SECRET_PREVIOUS:-}`,
      );
    }
  });

  it('starts every subgraph in production mode, which needs the signing secret it is given', () => {
    const variables = {
      REDIS_PASSWORD: 'a'.repeat(48),
      SUBGRAPH_SIGNING_SECRET: 'b'.repeat(64),
      SUBGRAPH_SIGNING_SECRET_PREVIOUS: '',
    };
    const loaders = {
      product: loadProductConfig,
      inventory: loadInventoryConfig,
      pricing: loadPricingConfig,
    };
    for (const [name, load] of Object.entries(loaders)) {
      const environment = interpolate(services[name]!.environment ?? {}, variables);
      const config = load(environment);
      expect(config.NODE_ENV, name).toBe('production');
      expect(edgeSettingsFrom(config).signing, name).toEqual({ secrets: ['b'.repeat(64)], windowMs: 30_000 });
    }
  });

  it('starts every application service from a compiled entry point that exists in the sources', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'redis') continue;
      const entry = service.command?.at(-1);
      expect(entry, name).toMatch(/^dist\/.+\.js$/);
      const source = entry!.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(existsSync(join(root, source)), `${name}: ${source}`).toBe(true);
    }
  });

  it("starts the gateway with the Dockerfile's node flags and environment, as `npm run start:gateway` does", () => {
    const image = productionNodeSettings(readFileSync(join(root, 'Dockerfile'), 'utf8'));
    expect(image.nodeFlags.length).toBeGreaterThan(0);
    expect(services.gateway?.command).toEqual(['node', ...image.nodeFlags, image.script]);
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
    const { NODE_ENV: _mode, ...environment } = image.environment;
    const settings = Object.entries(environment).map(([name, value]) => `${name}=${value} `);
    expect(scripts['start:gateway']).toBe(
      `${settings.join('')}exec tsx ${image.nodeFlags.join(' ')} gateway/src/main.ts`,
    );
  });

  it('points the gateway at each subgraph by service name and published port', () => {
    const gatewayEnv = services.gateway!.environment ?? {};
    for (const [name, port] of Object.entries(subgraphDefaults)) {
      expect(gatewayEnv[`SUBGRAPH_URL_${name.toUpperCase()}`]).toBe(`http://${name}:${port}/graphql`);
    }
  });

  it('names the same subgraphs as the supergraph does', () => {
    const supergraph = readFileSync(join(root, 'schema/supergraph.graphql'), 'utf8');
    const graphs = [...supergraph.matchAll(/@join__graph\(name: "([^"]+)"/g)].map((match) => match[1]);
    expect(graphs.sort()).toEqual(Object.keys(subgraphDefaults).sort());
  });

  it('gives every service a healthcheck and waits on the health of what it depends on', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.test.length, name).toBeGreaterThan(0);
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(Object.keys(services), `${name} depends on ${dependency}`).toContain(dependency);
        expect(condition).toBe('service_healthy');
      }
    }
    expect(Object.keys(services.gateway!.depends_on ?? {}).sort()).toEqual([
      'inventory',
      'pricing',
      'product',
    ]);
  });
});

/** Every service but Redis. */
function applicationServices(): [string, ComposeService][] {
  return Object.entries(services).filter(([name]) => name !== 'redis');
}

/** `${NAME:?message}`: compose refuses to start while NAME is unset or empty. */
function REQUIRED(name: string): RegExp {
  return new RegExp(`^\\$\\{${name}:\\?[^}]+\\}$`);
}

/** Compose's variable substitution, for the forms the file uses: `${NAME:?message}` and `${NAME:-default}`. */
function interpolate(
  environment: Record<string, string>,
  variables: Record<string, string>,
): Record<string, string> {
  const substitute = (value: string) =>
    value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
      const set = variables[name];
      if (set) return set;
      if (kind === '?') throw new Error(`${name} is required: ${rest}`);
      return kind === '-' ? (rest ?? '') : '';
    });
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [key, substitute(String(value))]),
  );
}

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in one stage and runs from a second with production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/COPY --from=build \/app\/dist/);
  });

  it('pins an exact Node.js release that package.json engines admits, in every stage', () => {
    const version = /^ARG NODE_VERSION=(\d+)\.(\d+)\.(\d+)$/m.exec(dockerfile);
    expect(version, 'ARG NODE_VERSION=<major>.<minor>.<patch>').not.toBeNull();
    expect(stages.length).toBeGreaterThan(0);
    for (const stage of stages) expect(stage).toMatch(/^node:\$\{NODE_VERSION\}-/);
    const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node as string;
    const floor = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(engines);
    expect(floor, `engines.node ${engines} as >=x.y.z`).not.toBeNull();
    const pinned = version!.slice(1).map(Number);
    const lowest = floor!.slice(1).map(Number);
    const order = pinned.map((part, i) => part - lowest[i]!).find((difference) => difference !== 0) ?? 0;
    expect(order, `node ${pinned.join('.')} >= ${lowest.join('.')}`).toBeGreaterThanOrEqual(0);
  });

  it('runs as a non-root user', () => {
    const runtime = stages.at(-1)!;
    const user = /^USER (\S+)/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toBe('root');
  });
});
