import { randomBytes } from 'node:crypto';
import { startTsxProcess, type TsxProcess } from './tsx-process.js';
import { waitUntil } from './wait-until.js';

/** The three subgraphs and one gateway, each a real process on an ephemeral loopback port. */
export interface SystemStack {
  /** The gateway's GraphQL URL. */
  readonly gatewayUrl: string;
  /** The gateway's admin listener (`/metrics`, detailed `/readyz`), e.g. `http://127.0.0.1:9400`. */
  readonly gatewayAdminUrl: string | undefined;
  /** Each subgraph's GraphQL URL, by name. */
  readonly subgraphUrls: Readonly<Record<'product' | 'inventory' | 'pricing', string>>;
  readonly gateway: TsxProcess;
  /** The signing secret the gateways and subgraphs share. */
  readonly secret: string;
  /**
   * Starts one more gateway in front of the subgraphs (or of the URLs in `env`, such as
   * `SUBGRAPH_URL_PRICING`), production and signing as the first; `stop` kills it too.
   */
  startGateway(env?: Record<string, string | undefined>): Promise<StartedGateway>;
  /** Kills every process. */
  stop(): Promise<void>;
}

/** A gateway process: its GraphQL URL, and its admin listener's when it has one (production). */
export interface StartedGateway {
  url: string;
  adminUrl: string | undefined;
  process: TsxProcess;
}

const SUBGRAPHS = ['product', 'inventory', 'pricing'] as const;
const LOOPBACK = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' };

/**
 * Starts the subgraphs (in-memory storage, seeded) and a gateway in front of them, all in
 * production mode with a shared signing secret, as an operator runs them; `gatewayEnv` and
 * `subgraphEnv` add or override variables. Each process is killed after `maxLifetimeMs`.
 */
export async function startSystemStack(
  options: {
    gatewayEnv?: Record<string, string | undefined>;
    subgraphEnv?: Record<string, string | undefined>;
    maxLifetimeMs?: number;
  } = {},
): Promise<SystemStack> {
  const secret = randomBytes(32).toString('hex');
  const lifetime = options.maxLifetimeMs ?? 300_000;
  const common = {
    ...LOOPBACK,
    NODE_ENV: 'production',
    STORAGE: 'memory',
    REDIS_URL: undefined,
    SUBGRAPH_SIGNING_SECRET: secret,
  };
  const processes: TsxProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((running) => running.stop('SIGKILL')));
  };
  try {
    const subgraphUrls = {} as Record<(typeof SUBGRAPHS)[number], string>;
    await Promise.all(
      SUBGRAPHS.map(async (name) => {
        const running = startTsxProcess(
          `subgraphs/${name}/main.ts`,
          { ...common, ...options.subgraphEnv },
          lifetime,
        );
        processes.push(running);
        const [, url] = await running.waitForOutput(/"url":"(http:\/\/[^"]+\/graphql)","storage"/, 90_000);
        subgraphUrls[name] = (url as string).replace('localhost', '127.0.0.1');
      }),
    );
    const startGateway = async (env: Record<string, string | undefined> = {}): Promise<StartedGateway> => {
      const running = startTsxProcess(
        'gateway/src/main.ts',
        {
          ...common,
          SUPERGRAPH_PATH: undefined,
          SUBGRAPH_URLS: undefined,
          SUBGRAPH_URL_PRODUCT: subgraphUrls.product,
          SUBGRAPH_URL_INVENTORY: subgraphUrls.inventory,
          SUBGRAPH_URL_PRICING: subgraphUrls.pricing,
          ...env,
        },
        lifetime,
      );
      processes.push(running);
      const [, port] = await running.waitForOutput(/"url":"http:\/\/localhost:(\d+)\/graphql"/, 90_000);
      const url = `http://127.0.0.1:${port}/graphql`;
      const environment: Record<string, string | undefined> = { ...common, ...env };
      let adminUrl: string | undefined;
      if (environment.NODE_ENV === 'production' && environment.ADMIN_PORT !== 'off') {
        const [, adminPort] = await running.waitForOutput(/"adminUrl":"http:\/\/localhost:(\d+)"/, 30_000);
        adminUrl = `http://127.0.0.1:${adminPort}`;
      }
      await waitUntil(
        () => fetch(url.replace('/graphql', '/readyz')).then((response) => response.status),
        (status) => status === 200,
        { timeoutMs: 30_000, what: 'the gateway to become ready' },
      );
      return { url, adminUrl, process: running };
    };
    const first = await startGateway(options.gatewayEnv);
    return {
      gatewayUrl: first.url,
      gatewayAdminUrl: first.adminUrl,
      subgraphUrls,
      gateway: first.process,
      secret,
      startGateway,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
