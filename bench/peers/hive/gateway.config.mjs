// Hive Gateway with its own (JavaScript) query planner and every other setting at its default.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({});
