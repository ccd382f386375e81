/** A request from the benchmark to one of its child processes: `type` names the handler. */
export interface ParentMessage {
  readonly type: string;
  readonly id: number;
  readonly payload?: unknown;
}

/** A child's answer to the message with the same `id`. */
export interface ChildReply {
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
}

/** What a child process answers to, by message type; `stop` is always there. */
export type ChildHandlers = Record<string, (payload: unknown) => unknown> & {
  stop(): Promise<void>;
};

/**
 * Serves the parent's requests in a child process: each handler's result (or error) goes back
 * under the request's id. `stop` runs its handler, answers, then exits the process.
 */
export function serveParent(handlers: ChildHandlers): void {
  const send = (reply: ChildReply) =>
    new Promise<void>((resolve) => {
      process.send?.(reply, undefined, undefined, () => resolve());
    });
  process.on('message', (message: ParentMessage) => {
    const run = async (): Promise<unknown> => {
      const handler = handlers[message.type];
      if (!handler) throw new Error(`no handler for '${message.type}'`);
      return handler(message.payload);
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
