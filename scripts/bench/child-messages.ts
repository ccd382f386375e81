/** What the benchmark tells its child processes over IPC. */
export type ParentMessage =
  | { readonly type: 'start'; readonly id: number; readonly payload?: unknown }
  | { readonly type: 'usage'; readonly id: number }
  | { readonly type: 'stats'; readonly id: number }
  | { readonly type: 'stop'; readonly id: number };

/** A child's resident memory and CPU time so far. */
export interface ProcessUsage {
  /** Resident set size, in bytes. */
  readonly rss: number;
  /** User plus system CPU time since the process started, in microseconds. */
  readonly cpuMicros: number;
}

function processUsage(): ProcessUsage {
  const cpu = process.cpuUsage();
  return { rss: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system };
}

/** A child's answer to the message with the same `id`. */
export interface ChildReply {
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
}

/**
 * Serves the parent's requests in a child process: each handler's result (or error) goes back
 * under the request's id. `stop` runs its handler, answers, then exits the process, so that
 * `--cpu-prof` can write its profile.
 */
export function serveParent(handlers: {
  start(payload: unknown): Promise<unknown>;
  stats?(): unknown;
  stop(): Promise<void>;
}): void {
  const send = (reply: ChildReply) =>
    new Promise<void>((resolve) => {
      process.send?.(reply, undefined, undefined, () => resolve());
    });
  process.on('message', (message: ParentMessage) => {
    const run = async (): Promise<unknown> => {
      switch (message.type) {
        case 'start':
          return handlers.start(message.payload);
        case 'usage':
          return processUsage();
        case 'stats':
          return handlers.stats?.();
        case 'stop':
          return handlers.stop();
        default: {
          const unknown: never = message;
          throw new Error(`Unknown message ${JSON.stringify(unknown)}`);
        }
      }
    };
    run().then(
      async (value) => {
        await send({ id: message.id, ok: true, value });
        if (message.type === 'stop') process.exit(0);
      },
      (error: unknown) =>
        send({ id: message.id, ok: false, error: String((error as Error)?.stack ?? error) }),
    );
  });
  // The parent going away (crash, Ctrl-C) must not leave this process behind.
  process.on('disconnect', () => process.exit(0));
}
