/**
 * Benchmark child: the load generator, in a process of its own so that driving load does not
 * share an event loop with the orchestrator's sampling. `target` points it at a gateway,
 * `send` sends one request, `run` runs a measured load run, `count` sends a fixed number of
 * requests, `release` closes its connections.
 */
import { serveParent } from './child-messages.js';
import { type CountRun, LoadGenerator, type LoadRun } from './load-generator.js';

let generator: LoadGenerator | undefined;

function current(): LoadGenerator {
  if (!generator) throw new Error('no target: send "target" first');
  return generator;
}

serveParent({
  async target(payload) {
    const { url, connections } = payload as { url: string; connections: number };
    await generator?.close();
    generator = new LoadGenerator(url, connections);
  },
  send: (payload) => current().send(payload as string),
  run: (payload) => current().run(payload as LoadRun),
  count: (payload) => current().runCount(payload as CountRun),
  async release() {
    await generator?.close();
    generator = undefined;
  },
  async stop() {
    await generator?.close();
  },
});
