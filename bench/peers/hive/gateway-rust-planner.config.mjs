// Hive Gateway planning and executing with the Rust query planner of @graphql-hive/router-runtime;
// every other setting, in-flight deduplication included, at its default (see gateway.config.mjs).
import { defineConfig } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';

export const gatewayConfig = defineConfig({ unifiedGraphHandler });
