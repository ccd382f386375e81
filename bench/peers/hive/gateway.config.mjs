// Hive Gateway with its own (JavaScript) query planner and every other setting at its default.
// In-flight deduplication at its defaults: identical subgraph query requests in flight at once
// share one fetch (the HTTP executor's deduplicateInflightRequests, on unless set to false);
// identical client requests are not shared (inboundInflightRequestDeduplication defaults to false).
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({});
