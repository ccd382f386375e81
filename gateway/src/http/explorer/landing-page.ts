import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { LandingPageSettings } from '../../security/production-defaults.js';
import { type ExplorerAssets, explorerAssets } from './explorer-assets.js';

/** Apollo Sandbox's embeddable script (the major version Apollo Server 5 embeds) and its frame. */
const SANDBOX_SCRIPT =
  'https://embeddable-sandbox.cdn.apollographql.com/v2/embeddable-sandbox.umd.production.min.js';
const SANDBOX_SCRIPT_ORIGIN = 'https://embeddable-sandbox.cdn.apollographql.com';
const SANDBOX_FRAME_ORIGIN = 'https://sandbox.embed.apollographql.com';

/** How long the page waits for Sandbox's script before it opens the local explorer instead. */
export const SANDBOX_LOAD_TIMEOUT_MS = 4_000;

/** What the page's script (`browser/landing.js`) is told: the mode, Sandbox's embedding, the local explorer's files. */
export interface LandingPageConfig {
  mode: 'sandbox' | 'local';
  /** Present in `sandbox` mode. */
  sandbox?: {
    scriptUrl: string;
    timeoutMs: number;
    /** `new EmbeddedSandbox(options)`, less the endpoint, which the page knows. */
    options: Record<string, unknown>;
  };
  /** The local explorer: stylesheets, browser builds loaded in order, then its module (`mount`). */
  explorer: { styles: string[]; scripts: string[]; module: string };
}

/** What the page may offer besides the settings: whether the gateway answers plan requests. */
export interface LandingPageOptions {
  /** Sandbox asks for each operation's plan from the start (the gateway exposes plans on request). */
  requestQueryPlans: boolean;
}

/**
 * The landing-page plugin: none when `off`; otherwise a page of the gateway's own that decides in
 * the browser, which alone knows what it can reach: Apollo Sandbox from Apollo's CDN, or the
 * local explorer (GraphiQL, served by the gateway) when Sandbox's script fails or is slow to
 * load, or at once in `local` mode. Reads the explorer's files now, so a missing one stops
 * start-up rather than a browser.
 */
export function landingPagePlugin<TContext extends BaseContext>(
  settings: LandingPageSettings,
  options: LandingPageOptions,
): ApolloServerPlugin<TContext> {
  if (settings.mode === 'off') return ApolloServerPluginLandingPageDisabled();
  const assets = explorerAssets();
  const html = landingPageHtml(landingPageConfig(settings, options, assets), assets);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}

/** The page's configuration for the given settings. */
export function landingPageConfig(
  settings: LandingPageSettings,
  options: LandingPageOptions,
  assets: ExplorerAssets,
): LandingPageConfig {
  const explorer = {
    styles: [assets.url('graphiql.css'), assets.url('explorer.css')],
    scripts: [assets.url('react.js'), assets.url('react-dom.js'), assets.url('graphiql.js')],
    module: assets.url('explorer.js'),
  };
  if (settings.mode !== 'sandbox') return { mode: 'local', explorer };
  const runtime = apolloServerRuntime();
  return {
    mode: 'sandbox',
    sandbox: {
      scriptUrl: `${SANDBOX_SCRIPT}?runtime=${encodeURIComponent(runtime)}`,
      timeoutMs: SANDBOX_LOAD_TIMEOUT_MS,
      // Apollo Server's own embedding, with telemetry as configured (Apollo's default is on).
      options: {
        target: '#hexagraph-sandbox',
        initialState: {},
        hideCookieToggle: false,
        endpointIsEditable: false,
        runtime,
        runTelemetry: settings.sandboxTelemetry,
        allowDynamicStyles: false,
        // Ticks Sandbox's "request query plan" box, as Apollo Router's development mode does.
        initialRequestQueryPlan: options.requestQueryPlans,
      },
    },
    explorer,
  };
}

/**
 * The page: a Content-Security-Policy that allows scripts and styles from the gateway (and, in
 * `sandbox` mode, Sandbox's script and frame origins only), the configuration as inert JSON, and
 * the script that acts on it. No inline script, nothing else from elsewhere.
 */
export function landingPageHtml(config: LandingPageConfig, assets: ExplorerAssets): string {
  const sandbox = config.mode === 'sandbox';
  const csp = [
    `script-src 'self'${sandbox ? ` ${SANDBOX_SCRIPT_ORIGIN}` : ''}`,
    // GraphiQL's components set inline styles; Sandbox's script styles its frame.
    `style-src 'self' 'unsafe-inline'${sandbox ? ` ${SANDBOX_SCRIPT_ORIGIN}` : ''}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    `frame-src ${sandbox ? SANDBOX_FRAME_ORIGIN : "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
  const waiting = sandbox
    ? 'Loading Apollo Sandbox… If this browser cannot reach it, the gateway’s own explorer opens instead.'
    : 'Loading the explorer…';
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width,initial-scale=1" />
    <meta http-equiv="Content-Security-Policy" content="${csp}" />
    <title>Hexagraph explorer</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${assets.url('explorer.css')}" />
    <script type="application/json" id="hexagraph-explorer-config">${scriptSafeJson(config)}</script>
    <script type="module" src="${assets.url('landing.js')}"></script>
  </head>
  <body>
    <div id="hexagraph-sandbox"></div>
    <div id="hexagraph-explorer"><p class="hexagraph-waiting">${waiting}</p></div>
    <noscript>The explorer needs JavaScript.</noscript>
  </body>
</html>
`;
}

/** JSON that cannot end the script element it sits in. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026');
}

let runtime: string | undefined;

/** `@apollo/server@<version>`, which Sandbox is told as the runtime it talks to (as Apollo Server does). */
function apolloServerRuntime(): string {
  runtime ??= findApolloServerRuntime();
  return runtime;
}

function findApolloServerRuntime(): string {
  // Its package.json is not exported: walk up from its entry point to it.
  let dir = dirname(createRequire(import.meta.url).resolve('@apollo/server'));
  while (dir !== dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === '@apollo/server') return `@apollo/server@${manifest.version}`;
    } catch {
      // no package.json at this level
    }
    dir = dirname(dir);
  }
  return '@apollo/server';
}
