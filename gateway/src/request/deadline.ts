import { setMaxListeners } from 'node:events';

/** Request header by which a client asks for a shorter deadline, in milliseconds. */
export const REQUEST_TIMEOUT_HEADER = 'x-request-timeout-ms';

/** How long a request may take: the default, and the cap no client can lift. */
export interface DeadlineSettings {
  /** Deadline of a request that asks for none. */
  defaultMs: number;
  /** Upper bound of the default and of what a client may ask for. */
  maxMs: number;
}

/**
 * The absolute deadline (epoch ms) of a request starting at `now`. A client may shorten it with
 * `x-request-timeout-ms`, never lengthen it past `maxMs`; a malformed header is ignored.
 */
export function requestDeadline(
  settings: DeadlineSettings,
  requested: string | string[] | undefined,
  now: number = Date.now(),
): number {
  const budget = Math.min(settings.defaultMs, settings.maxMs);
  const asked = requestedTimeoutMs(requested);
  return now + (asked === undefined ? budget : Math.min(asked, settings.maxMs));
}

/** The timeout a client asked for, or undefined when the header is missing or not a positive integer. */
export function requestedTimeoutMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,10}$/.test(value.trim())) return undefined;
  const ms = Number.parseInt(value, 10);
  return ms > 0 ? ms : undefined;
}

/** Milliseconds left before `deadline` (never negative); Infinity when there is no deadline. */
export function remainingMs(deadline: number | undefined, now: number = Date.now()): number {
  return deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(0, deadline - now);
}

/** Why a deadline signal aborted: lets callers tell a spent budget from other cancellations. */
export class DeadlineExceededError extends Error {
  readonly code = 'DEADLINE_EXCEEDED';
  constructor(readonly deadline: number) {
    super(`The request deadline passed (${new Date(deadline).toISOString()}).`);
    this.name = 'DeadlineExceededError';
  }
}

/** A signal aborted when `parent` aborts or `deadline` passes, and `dispose` to stop its timer. */
export interface DeadlineSignal {
  signal: AbortSignal;
  dispose(): void;
}

/**
 * Combines a parent signal with a deadline. Uses `setTimeout` (not `AbortSignal.timeout`) so fake
 * timers control it in tests; the abort reason is a DeadlineExceededError when the deadline fired.
 */
export function deadlineSignal(
  parent: AbortSignal | undefined,
  deadline: number | undefined,
): DeadlineSignal {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  const own = deadlineOn(controller, deadline);
  return {
    signal: own.signal,
    dispose: () => {
      own.dispose();
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}

/**
 * Has `controller` abort when `deadline` passes too (unless it has aborted already): for a
 * controller a request owns, which then needs no second one listening to it.
 */
export function deadlineOn(controller: AbortController, deadline: number | undefined): DeadlineSignal {
  // A request's signal is shared by all its subgraph calls, each listening while in flight: more
  // than Node's default of 10 is normal here, not a leak (every call removes its listener).
  setMaxListeners(0, controller.signal);
  let timer: NodeJS.Timeout | undefined;
  if (deadline !== undefined && !controller.signal.aborted) {
    const fire = () => controller.abort(new DeadlineExceededError(deadline));
    const left = remainingMs(deadline);
    if (left === 0) fire();
    else timer = setTimeout(fire, left);
  }
  return {
    signal: controller.signal,
    dispose: () => {
      if (timer) clearTimeout(timer);
    },
  };
}
