import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Logger } from 'pino';
import type { GatewayContext } from './gateway-context.js';
import type { ApolloGatewayInterface } from './gateway-interface.js';

/** How Apollo Server is set up around the gateway. */
export interface GatewayApolloOptions {
  gateway: ApolloGatewayInterface;
  log: Logger;
  introspection: boolean;
  /** Serves the embedded Apollo Sandbox on GET requests that accept HTML. */
  landingPage: boolean;
  plugins?: readonly ApolloServerPlugin<GatewayContext>[];
}

/**
 * Apollo Server in gateway mode: it parses, validates against the API schema (introspection
 * allowed or not), prevents CSRF and runs plugins; the gateway interface executes.
 */
export function createGatewayApollo(options: GatewayApolloOptions): ApolloServer<GatewayContext> {
  const { log } = options;
  return new ApolloServer<GatewayContext>({
    gateway: options.gateway,
    introspection: options.introspection,
    csrfPrevention: true,
    // Gateway errors are built by the gateway and carry no useful stack; subgraph stacks stay there.
    includeStacktraceInErrorResponses: false,
    plugins: [
      options.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      ...(options.plugins ?? []),
    ],
    logger: {
      debug: (message) => log.debug(message),
      info: (message) => log.info(message),
      warn: (message) => log.warn(message),
      error: (message) => log.error(message),
    },
  });
}
